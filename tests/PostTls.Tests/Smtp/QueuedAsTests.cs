using PostTls.Smtp;

namespace PostTls.Tests.Smtp;

public sealed class QueuedAsTests
{
    [Theory]
    [InlineData("2.0.0 Ok: queued as 4ABC123DEF", "4ABC123DEF")]
    [InlineData("2.0.0 Ok: queued as DF160B1E4BA", "DF160B1E4BA")]
    [InlineData("2.0.0 Ok: queued as 4SVLCh000zzCZFJ2X", "4SVLCh000zzCZFJ2X")]
    [InlineData("2.0.0 Ok: queued as 4jXNm60sf8z9HdB extra words", "4jXNm60sf8z9HdB")]
    [InlineData("Ok: queued as 4ABC123DEF", "4ABC123DEF")]
    [InlineData("2.0.0 Ok", null)]
    [InlineData("2.0.0 Ok: queued as ", null)]
    [InlineData("2.0.0 Ok: queued as ../4ABC123DEF", null)]
    [InlineData("2.0.0 Ok: queued as 4abc123def", null)]
    [InlineData("2.0.0 Ok: queued as -4ABC123DEF", null)]
    public void Find_PostfixReply_GivesValidIdOrNull(string line, string? expected)
    {
        Assert.Equal(expected, QueuedAs.Find(new SmtpReply(250, [line])));
    }

    [Fact]
    public void Find_IdOnALaterLine_IsFound()
    {
        Assert.Equal("4ABC123DEF", QueuedAs.Find(new SmtpReply(250, ["2.0.0 Ok", "queued as 4ABC123DEF"])));
    }
}
