using PostTls.Notify;
using PostTls.Postfix;
using PostTls.Tests.Notify;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Postfix;

/// <summary>
/// PostTLS's own mail to the notify listener: a notice with 8bit parts (German text) is
/// announced with BODY=8BITMIME, an all-ASCII one is not, and the bytes arrive as written.
/// </summary>
public sealed class OwnMailTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("de", " BODY=8BITMIME")]
    [InlineData("en", "")]
    public void Submit_Notice_Says8BitMimeExactlyWhenThePartsAre8Bit(string language, string parameters)
    {
        var message = NoticeSamples.Composer(language).ComposeConfirmation(new Confirmation(
            ConfirmationOutcome.Deleted, NoticeSamples.Sender, "Quarterly report", null, [], [], null));
        using var server = ScriptedSmtpServer.OnUnixSocket(_temp.File("notify"),
            "S: 220 notify listener", "C: EHLO localhost", "S: 250-notify.example.test", "S: 250-8BITMIME", "S: 250 SMTPUTF8",
            $"C: MAIL FROM:<>{parameters}", "S: 250 2.1.0 Ok",
            $"C: RCPT TO:<{NoticeSamples.Sender}>", "S: 250 2.1.5 Ok",
            "C: DATA", "S: 354 go ahead",
            "C: <data>", "S: 250 2.0.0 Ok: queued as 4ABC123DEF",
            "C: QUIT", "S: 221 2.0.0 Bye");

        CommandResult result;
        using (var mail = new OwnMail(server.Endpoint))
        {
            result = mail.Submit("", NoticeSamples.Sender, message);
        }

        server.Finish();
        Assert.Equal(0, result.ExitCode);
        ByteAssert.Equal([.. message, .. ".\r\n"u8], server.Data);
    }

    [Fact]
    public void Submit_TwoNotices_OneConnectionTwoTransactionsThenQuit()
    {
        var message = "Subject: notice\r\n\r\nbody\r\n"u8.ToArray();
        using var server = ScriptedSmtpServer.OnUnixSocket(_temp.File("notify"),
            "S: 220 notify listener", "C: EHLO localhost", "S: 250-notify.example.test", "S: 250-PIPELINING", "S: 250 8BITMIME",
            "C: MAIL FROM:<>", "C: RCPT TO:<alice@posttls.test>", "C: DATA", "S: 250 2.1.0 Ok", "S: 250 2.1.5 Ok", "S: 354 go ahead",
            "C: <data>", "S: 250 2.0.0 Ok: queued as 4ABC123DEF",
            "C: MAIL FROM:<>", "C: RCPT TO:<bob@posttls.test>", "C: DATA", "S: 250 2.1.0 Ok", "S: 250 2.1.5 Ok", "S: 354 go ahead",
            "C: <data>", "S: 250 2.0.0 Ok: queued as 4ABC123DE0",
            "C: QUIT", "S: 221 2.0.0 Bye");

        using (var mail = new OwnMail(server.Endpoint))
        {
            Assert.Equal("4ABC123DEF", mail.Submit("", "alice@posttls.test", message).Output);
            Assert.Equal("4ABC123DE0", mail.Submit("", "bob@posttls.test", message).Output);
        }

        server.Finish();
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public void Submit_RefusedNotice_NextOneOpensANewConnection()
    {
        var message = "Subject: notice\r\n\r\nbody\r\n"u8.ToArray();
        using var server = ScriptedSmtpServer.OnUnixSocket(_temp.File("notify"),
            "S: 220 notify listener", "C: EHLO localhost", "S: 250 notify.example.test",
            "C: MAIL FROM:<>", "S: 250 2.1.0 Ok",
            "C: RCPT TO:<nobody@posttls.test>", "S: 550 5.1.1 <nobody@posttls.test>: Recipient address rejected: User unknown",
            "C: RSET", "S: 250 2.0.0 Ok",
            "C: QUIT", "S: 221 2.0.0 Bye");

        using var mail = new OwnMail(server.Endpoint);
        var refused = mail.Submit("", "nobody@posttls.test", message);
        server.Finish();

        Assert.Equal(-1, refused.ExitCode);
        Assert.Contains("User unknown", refused.Error, StringComparison.Ordinal);
        // The listener is gone now: the next message must connect anew, and that fails.
        server.Dispose();
        var next = mail.Submit("", "alice@posttls.test", message);
        Assert.Equal(-1, next.ExitCode);
        Assert.Contains("cannot connect", next.Error, StringComparison.Ordinal);
    }
}
