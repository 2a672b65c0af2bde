using System.Net;
using System.Text;
using PostTls.Cli;
using PostTls.Smtp;
using PostTls.Tagging;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Filter;

/// <summary>The filter's reinjection over SMTP against a scripted listener: what it says, and what each reply makes of the message.</summary>
public sealed class FilterRunnerSmtpTests : IDisposable
{
    private readonly FilterHarness _harness = new();

    private string Helo => ReinjectHelo.Name(_harness.Key);

    public void Dispose() => _harness.Dispose();

    private string[] Opening(bool xforward = true) =>
    [
        "S: 220 listener ESMTP",
        $"C: EHLO {Helo}",
        xforward ? "S: 250-listener\r\n250-XFORWARD NAME ADDR PORT PROTO HELO IDENT\r\n250 8BITMIME" : "S: 250-listener\r\n250 8BITMIME",
    ];

    private int Run(ScriptedSmtpServer server, byte[] message, SmtpForward? client = null, params string[] recipients)
    {
        var port = ((IPEndPoint)server.Endpoint.Address).Port;
        using var input = new MemoryStream(message);
        return _harness.Runner($"reinject_address = 127.0.0.1:{port}\n").Run("alice@example.org", recipients.Length > 0 ? recipients : ["bob@example.net"], input, client);
    }

    [Fact]
    public void Run_ListenerAccepts_SendsTheTaggedMessageWithTheClientsIdentity()
    {
        using var server = ScriptedSmtpServer.OnLoopback(
        [
            .. Opening(),
            "C: XFORWARD NAME=mail.example.org ADDR=192.0.2.7 PORT=4711 PROTO=ESMTPSA HELO=-weird+3Dhelo IDENT=4XyZ1",
            "S: 250 2.0.0 Ok",
            "C: MAIL FROM:<alice@example.org>", "S: 250 2.1.0 Ok",
            "C: RCPT TO:<bob@example.net>", "S: 250 2.1.5 Ok",
            "C: DATA", "S: 354 go",
            "C: <data>", "S: 250 2.0.0 Ok: queued as 4NEW",
            "C: QUIT", "S: 221 bye",
        ]);

        var status = Run(server, "Subject: hi\n\nbody\n"u8.ToArray(), new SmtpForward("mail.example.org", "192.0.2.7", "4711", "ESMTPSA", "-weird=helo", "4XyZ1"));

        server.Finish();
        Assert.Equal(ExitCodes.Ok, status);
        var data = Encoding.ASCII.GetString(server.Data);
        Assert.StartsWith("X-PostTLS-ID: ", data, StringComparison.Ordinal);
        Assert.EndsWith("\r\nSubject: hi\r\n\r\nbody\r\n.\r\n", data, StringComparison.Ordinal);
        Assert.Contains(": from=<alice@example.org>, nrcpt=1, size=18, reinjected", _harness.Log(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ListenerRefusesForGood_ItsTextGoesBackToTheSenderWithAPermanentStatus()
    {
        using var server = ScriptedSmtpServer.OnLoopback(
        [
            .. Opening(xforward: false),
            "C: MAIL FROM:<alice@example.org>", "S: 250 2.1.0 Ok",
            "C: RCPT TO:<bob@example.net>", "S: 250 2.1.5 Ok",
            "C: DATA", "S: 354 go",
            "C: <data>", "S: 552 5.3.4 Message size exceeds fixed limit",
            "C: QUIT", "S: 221 bye",
        ]);

        var problem = Assert.Throws<Problem>(() => Run(server, "Subject: hi\n\nbody\n"u8.ToArray()));

        server.Finish();
        Assert.Equal(PostTls.Filter.FilterRunner.Refused, problem.ExitCode);
        Assert.Equal("5.3.4 Message size exceeds fixed limit", problem.Message);
    }

    [Theory]
    [InlineData("RCPT", "451 4.3.0 Temporary lookup failure")]
    [InlineData("DATA-END", "452 4.3.1 Insufficient system storage")]
    public void Run_ListenerDefers_TempFailsWithItsReply(string stage, string reply)
    {
        string[] rest = stage == "RCPT"
            ? ["C: RCPT TO:<bob@example.net>", "S: " + reply, "C: RSET", "S: 250 Ok", "C: QUIT", "S: 221 bye"]
            : ["C: RCPT TO:<bob@example.net>", "S: 250 2.1.5 Ok", "C: DATA", "S: 354 go", "C: <data>", "S: " + reply, "C: QUIT", "S: 221 bye"];
        using var server = ScriptedSmtpServer.OnLoopback([.. Opening(xforward: false), "C: MAIL FROM:<alice@example.org>", "S: 250 2.1.0 Ok", .. rest]);

        var problem = Assert.Throws<Problem>(() => Run(server, "Subject: hi\n\nbody\n"u8.ToArray()));

        server.Finish();
        Assert.Equal(ExitCodes.TempFail, problem.ExitCode);
        Assert.Contains(reply, problem.Message, StringComparison.Ordinal);
    }

    /// <summary>A listener whose table does not match the key refuses the name, and Postfix echoes it: never into a bounce or the log.</summary>
    [Fact]
    public void Run_ListenerRefusesTheHeloName_TempFailsWithoutShowingIt()
    {
        using var server = ScriptedSmtpServer.OnLoopback(
        [
            .. Opening(xforward: false),
            "C: MAIL FROM:<alice@example.org>", "S: 250 2.1.0 Ok",
            "C: RCPT TO:<bob@example.net>", $"S: 554 5.7.1 <{Helo}>: Helo command rejected: Access denied",
            "C: RSET", "S: 250 Ok",
            "C: QUIT", "S: 221 bye",
        ]);

        var problem = Assert.Throws<Problem>(() => Run(server, "Subject: hi\n\nbody\n"u8.ToArray()));

        server.Finish();
        Assert.Equal(ExitCodes.TempFail, problem.ExitCode);
        Assert.DoesNotContain(Helo, problem.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("[reinject HELO]", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Helo, _harness.Log(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Run_WriterDiedAtTheEnd_ClosesWithoutTheFinalDot()
    {
        using var server = ScriptedSmtpServer.OnLoopback(
        [
            .. Opening(xforward: false),
            "C: MAIL FROM:<alice@example.org>", "S: 250 2.1.0 Ok",
            "C: RCPT TO:<bob@example.net>", "S: 250 2.1.5 Ok",
            "C: DATA", "S: 354 go",
            "S: <hang>",
        ]);
        var port = ((IPEndPoint)server.Endpoint.Address).Port;
        using var input = new MemoryStream("Subject: hi\n\nbody\n"u8.ToArray());

        var problem = Assert.Throws<Problem>(() =>
            _harness.Runner($"reinject_address = 127.0.0.1:{port}\n", writerDied: () => true).Run("alice@example.org", ["bob@example.net"], input));

        server.Finish();
        Assert.Equal(ExitCodes.TempFail, problem.ExitCode);
        Assert.Contains("its writer died", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\n.\r\n", server.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NobodyListens_TempFails()
    {
        var port = ScriptedSmtpServer.FreeLoopbackPort();
        using var input = new MemoryStream("Subject: hi\n\nbody\n"u8.ToArray());

        var problem = Assert.Throws<Problem>(() => _harness.Runner($"reinject_address = 127.0.0.1:{port}\n").Run("alice@example.org", ["bob@example.net"], input));

        Assert.Equal(ExitCodes.TempFail, problem.ExitCode);
        Assert.Contains("cannot connect", problem.Message, StringComparison.Ordinal);
    }
}
