using PostTls.Smtp;

namespace PostTls.Tests.Smtp;

public sealed class SmtpReplyTests
{
    [Theory]
    [InlineData(220, true, false, false)]
    [InlineData(250, true, false, false)]
    [InlineData(354, true, false, false)]
    [InlineData(421, false, true, false)]
    [InlineData(452, false, true, false)]
    [InlineData(500, false, false, true)]
    [InlineData(554, false, false, true)]
    public void Classification_FollowsTheFirstDigit(int code, bool positive, bool transient, bool permanent)
    {
        var reply = new SmtpReply(code, ["text"]);

        Assert.Equal((positive, transient, permanent), (reply.IsPositive, reply.IsTransient, reply.IsPermanent));
    }

    [Theory]
    [InlineData(250, "2.0.0 Ok: queued as 4ABC123DEF", "2.0.0")]
    [InlineData(550, "5.1.1 <a@example.test>: Recipient address rejected", "5.1.1")]
    [InlineData(451, "4.3.0", "4.3.0")]
    [InlineData(552, "5.3.4 Error", "5.3.4")]
    [InlineData(550, "5.100.999 three digits each", "5.100.999")]
    [InlineData(550, "2.0.0 class does not match the code", null)]
    [InlineData(250, "Ok", null)]
    [InlineData(250, "", null)]
    [InlineData(550, "5.1.1000 four digits", null)]
    [InlineData(550, "5..1 empty subject", null)]
    [InlineData(550, "5.1. empty detail", null)]
    [InlineData(550, "5.1.1x glued", null)]
    [InlineData(550, "5.a.1 letters", null)]
    public void EnhancedStatus_IsParsedFromTheFirstLine(int code, string firstLine, string? expected)
    {
        Assert.Equal(expected, new SmtpReply(code, [firstLine, "5.9.9 later lines do not count"]).EnhancedStatus);
    }

    [Fact]
    public void EnhancedStatus_NoLines_IsNull()
    {
        Assert.Null(new SmtpReply(250, []).EnhancedStatus);
    }

    [Fact]
    public void ToString_JoinsTheLines()
    {
        Assert.Equal("250 mail.example.test PIPELINING SIZE 1000", new SmtpReply(250, ["mail.example.test", "PIPELINING", "SIZE 1000"]).ToString());
        Assert.Equal("250", new SmtpReply(250, []).ToString());
    }
}
