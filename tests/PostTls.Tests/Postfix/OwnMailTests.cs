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

        var result = OwnMail.Submit(server.Endpoint, "", NoticeSamples.Sender, message);

        server.Finish();
        Assert.Equal(0, result.ExitCode);
        ByteAssert.Equal([.. message, .. ".\r\n"u8], server.Data);
    }
}
