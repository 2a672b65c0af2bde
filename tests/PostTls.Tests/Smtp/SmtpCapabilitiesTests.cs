using PostTls.Smtp;

namespace PostTls.Tests.Smtp;

public sealed class SmtpCapabilitiesTests
{
    [Fact]
    public void FromEhloReply_PostfixReply_RecordsTheExtensions()
    {
        var reply = new SmtpReply(250,
            ["mail.example.test", "PIPELINING", "SIZE 10240000", "VRFY", "ETRN", "ENHANCEDSTATUSCODES", "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING"]);

        var capabilities = SmtpCapabilities.FromEhloReply(reply);

        Assert.True(capabilities.Pipelining);
        Assert.True(capabilities.EightBitMime);
        Assert.True(capabilities.Dsn);
        Assert.True(capabilities.SmtpUtf8);
        Assert.Equal(10240000, capabilities.Size);
        Assert.True(capabilities.Supports("chunking"));
        Assert.False(capabilities.Supports("mail.example.test"));
    }

    [Fact]
    public void FromEhloReply_NoExtensions_SupportsNothing()
    {
        var capabilities = SmtpCapabilities.FromEhloReply(new SmtpReply(250, ["mail.example.test"]));

        Assert.False(capabilities.Pipelining || capabilities.EightBitMime || capabilities.Dsn || capabilities.SmtpUtf8);
        Assert.Null(capabilities.Size);
    }

    [Theory]
    [InlineData("SIZE", null)]
    [InlineData("SIZE 0", 0L)]
    [InlineData("size 1000", 1000L)]
    [InlineData("SIZE -5", null)]
    [InlineData("SIZE lots", null)]
    public void FromEhloReply_SizeLine_GivesTheLimit(string line, long? expected)
    {
        var capabilities = SmtpCapabilities.FromEhloReply(new SmtpReply(250, ["mail.example.test", line]));

        Assert.True(capabilities.Supports("SIZE"));
        Assert.Equal(expected, capabilities.Size);
    }
}
