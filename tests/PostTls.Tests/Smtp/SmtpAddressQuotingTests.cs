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
    public void Unsendable_AngleBracketOrControlCharacter_SaysSo(string address) =>
        Assert.StartsWith("address with control characters or angle brackets", SmtpParameters.Unsendable(address), StringComparison.Ordinal);

    [Theory]
    [InlineData("a\rb@example.test")]
    [InlineData("a@exam>ple.test")]
    [InlineData("a@<example.test")]
    public void Validate_ControlCharacterOrBracketInTheDomain_Refuses(string address) =>
        Assert.Throws<ArgumentException>(() => SmtpParameters.Validate(new SmtpEnvelope("a@example.com", [new SmtpRecipient(address)], [])));

    /// <summary>The filter hands back whatever Postfix accepted: a bracket in a local part goes out quoted.</summary>
    [Fact]
    public void Submit_AngleBracketInTheLocalPart_SentQuoted()
    {
        using var server = ScriptedSmtpServer.OnLoopback(
            "S: 220 ready", "C: EHLO localhost", "S: 250 ok",
            "C: MAIL FROM:<a@example.com>", "S: 250 ok",
            "C: RCPT TO:<\"x>b\"@example.test>", "S: 250 ok",
            "C: DATA", "S: 354 go",
            "C: <data>", "S: 250 2.0.0 Ok: queued as 4ABC123DEF",
            "C: QUIT", "S: 221 bye");

        new SmtpClient(new SmtpClientOptions { Endpoint = server.Endpoint, ConnectRetries = 0 })
            .Submit(new SmtpEnvelope("a@example.com", [new SmtpRecipient("x>b@example.test")], []), new MemoryStream("x\n"u8.ToArray()));

        server.Finish();
    }

    [Theory]
    [InlineData("john doe@example.org")]
    [InlineData("")]
    [InlineData("jörg@example.org")]
    public void Unsendable_SpaceOrUtf8OrNullSender_IsFine(string address) => Assert.Null(SmtpParameters.Unsendable(address));
}
