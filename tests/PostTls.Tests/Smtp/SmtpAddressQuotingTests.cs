using System.Text;
using PostTls.Smtp;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Smtp;

/// <summary>
/// Envelopes hold addresses as postcat prints them (internal form); MAIL FROM and RCPT TO
/// quote a local part that is not a dot-string, as RFC 5321 requires. An angle bracket stays
/// refused, quoted or not.
/// </summary>
public sealed class SmtpAddressQuotingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("john doe@example.org", "\"john doe\"@example.org", "")]
    [InlineData("a\"b@example.org", "\"a\\\"b\"@example.org", "")]
    [InlineData("jörg.müller@example.org", "jörg.müller@example.org", "SMTPUTF8")]
    public void Submit_LocalPartNeedingQuotes_IsQuotedInMailAndRcpt(string address, string written, string mailParameter)
    {
        string[] mailParameters = mailParameter.Length > 0 ? [mailParameter] : [];
        var mail = string.Join(' ', [$"MAIL FROM:<{written}>", .. mailParameters]);
        using var server = ScriptedSmtpServer.OnUnixSocket(_temp.File("release"),
            "S: 220 release ESMTP", "C: EHLO localhost", "S: 250-release", "S: 250 SMTPUTF8",
            "C: " + mail, "S: 250 2.1.0 Ok",
            $"C: RCPT TO:<{written}>", "S: 250 2.1.5 Ok",
            "C: DATA", "S: 354 go on",
            "C: <data>", "S: 250 2.0.0 Ok: queued as 4ABC123DEF",
            "C: QUIT", "S: 221 2.0.0 Bye");
        var client = new SmtpClient(new SmtpClientOptions { Endpoint = server.Endpoint, ConnectRetries = 0, CommandTimeout = TimeSpan.FromSeconds(2) });

        var result = client.Submit(new SmtpEnvelope(address, [new SmtpRecipient(address)], mailParameters),
            new MemoryStream(Encoding.ASCII.GetBytes("Subject: x\n\nbody\n")));

        server.Finish();
        Assert.Equal("4ABC123DEF", result.QueueId);
    }

    [Theory]
    [InlineData("a>b@example.test")]
    [InlineData("a<b@example.test")]
    [InlineData("a\rb@example.test")]
    public void Unsendable_AngleBracketOrControlCharacter_SaysSo_AndValidateRefuses(string address)
    {
        Assert.StartsWith("address with control characters or angle brackets", SmtpParameters.Unsendable(address), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SmtpParameters.Validate(new SmtpEnvelope("a@example.com", [new SmtpRecipient(address)], [])));
    }

    [Theory]
    [InlineData("john doe@example.org")]
    [InlineData("")]
    [InlineData("jörg@example.org")]
    public void Unsendable_SpaceOrUtf8OrNullSender_IsFine(string address) => Assert.Null(SmtpParameters.Unsendable(address));
}
