using System.Text;
using PostTls.Smtp;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Smtp;

public sealed class SmtpClientTests : IDisposable
{
    internal static readonly string[] Greeting =
    [
        "S: 220-mail.example.test ESMTP Postfix (Debian/GNU)",
        "S: 220 only for PostTLS releases",
    ];

    private static readonly string[] Ehlo =
    [
        "C: EHLO localhost",
        "S: 250-mail.example.test",
        "S: 250-PIPELINING",
        "S: 250-SIZE 10240000",
        "S: 250-ETRN",
        "S: 250-ENHANCEDSTATUSCODES",
        "S: 250-8BITMIME",
        "S: 250-DSN",
        "S: 250 SMTPUTF8",
    ];

    private static readonly string[] EhloWithoutExtensions =
    [
        "C: EHLO localhost",
        "S: 250-mail.example.test",
        "S: 250 ENHANCEDSTATUSCODES",
    ];

    internal static readonly string[] Quit = ["C: QUIT", "S: 221 2.0.0 Bye"];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Submit_MultiLineGreetingAndEhlo_SendsOneCommandPerStep(bool unixSocket)
    {
        string[] script =
        [
            .. Greeting, .. Ehlo,
            "C: MAIL FROM:<alice@example.com>", "S: 250 2.1.0 Ok",
            "C: RCPT TO:<bob@example.test>", "S: 250 2.1.5 Ok",
            "C: RCPT TO:<carol@example.test>", "S: 250 2.1.5 Ok",
            "C: DATA", "S: 354 End data with <CR><LF>.<CR><LF>",
            "C: <data>", "S: 250 2.0.0 Ok: queued as 4ABC123DEF",
            .. Quit,
        ];
        using var server = unixSocket ? ScriptedSmtpServer.OnUnixSocket(_temp.File("release"), script) : ScriptedSmtpServer.OnLoopback(script);

        var result = Client(server).Submit(Envelope("alice@example.com", "bob@example.test", "carol@example.test"), Message("Subject: hi\n\nbody\n"));

        server.Finish();
        Assert.Equal("4ABC123DEF", result.QueueId);
        Assert.Equal(250, result.FinalReply.Code);
        Assert.Equal("2.0.0", result.FinalReply.EnhancedStatus);
        ByteAssert.Equal("Subject: hi\r\n\r\nbody\r\n.\r\n"u8.ToArray(), server.Data);
        Assert.Equal(1, server.Connections);
    }

    [Theory]
    [InlineData("250 2.0.0 Ok: queued as 4ABC123DEF", "4ABC123DEF")]
    [InlineData("250 2.0.0 Ok: queued as 4SVLCh000zzCZFJ2X", "4SVLCh000zzCZFJ2X")]
    [InlineData("250 2.0.0 Ok: queued as ../../etc", null)]
    [InlineData("250 2.0.0 Ok", null)]
    public void Submit_FinalReply_YieldsTheValidQueueIdOrNull(string finalReply, string? expected)
    {
        using var server = ScriptedSmtpServer.OnLoopback(Conversation(finalReply));

        var result = Client(server).Submit(Envelope("a@example.com", "b@example.test"), Message("x\n"));

        server.Finish();
        Assert.Equal(expected, result.QueueId);
    }

    [Fact]
    public void Submit_NullSender_SendsEmptyReversePath()
    {
        using var server = ScriptedSmtpServer.OnLoopback(
        [
            .. Greeting, .. Ehlo,
            "C: MAIL FROM:<>", "S: 250 2.1.0 Ok",
            "C: RCPT TO:<b@example.test>", "S: 250 2.1.5 Ok",
            "C: DATA", "S: 354 go",
            "C: <data>", "S: 250 2.0.0 Ok: queued as 4ABC123DEF",
            .. Quit,
        ]);

        Client(server).Submit(Envelope("", "b@example.test"), Message("x\n"));

        server.Finish();
    }

    [Fact]
    public void Submit_Pipelining_SendsTheEnvelopeAsOneGroupBeforeReadingReplies()
    {
        using var server = ScriptedSmtpServer.OnLoopback(
        [
            .. Greeting, .. Ehlo,
            "C: MAIL FROM:<a@example.com>",
            "C: RCPT TO:<b@example.test>",
            "C: RCPT TO:<c@example.test>",
            "C: DATA",
            "S: 250 2.1.0 Ok", "S: 250 2.1.5 Ok", "S: 250 2.1.5 Ok", "S: 354 go",
            "C: <data>", "S: 250 2.0.0 Ok: queued as 4ABC123DEF",
            .. Quit,
        ]);

        var result = Client(server).Submit(Envelope("a@example.com", "b@example.test", "c@example.test"), Message("x\n"));

        server.Finish();
        Assert.Equal("4ABC123DEF", result.QueueId);
    }

    [Fact]
    public void Submit_PipelinedRecipientRejectedButDataAccepted_ClosesWithoutSendingTheMessage()
    {
        using var server = ScriptedSmtpServer.OnLoopback(
        [
            .. Greeting, .. Ehlo,
            "C: MAIL FROM:<a@example.com>", "C: RCPT TO:<b@example.test>", "C: RCPT TO:<nobody@example.test>", "C: DATA",
            "S: 250 2.1.0 Ok", "S: 250 2.1.5 Ok", "S: 550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown",
            "S: 354 End data with <CR><LF>.<CR><LF>",
        ]);

        var e = Assert.Throws<SmtpException>(() =>
            Client(server).Submit(Envelope("a@example.com", "b@example.test", "nobody@example.test"), Message("Subject: x\n\nbody\n")));

        server.Finish();
        Assert.Equal("RCPT TO:<nobody@example.test>", e.Command);
        Assert.False(e.IsTransient);
        Assert.EndsWith("DATA\r\n", server.Transcript);
        Assert.Empty(server.Data);
    }

    [Fact]
    public void Submit_PipelinedForwardRefused_WarnsOnceAndGoesOn()
    {
        var warnings = new List<string>();
        var forward = new SmtpForward("client.example.org", "192.0.2.1", "4711", "ESMTP", "client.example.org", "");
        Assert.True(forward.Commands().Count >= 1);
        using var server = ScriptedSmtpServer.OnLoopback(
        [
            .. Greeting,
            "C: EHLO localhost", "S: 250-mail.example.test", "S: 250-PIPELINING", "S: 250 XFORWARD NAME ADDR PORT PROTO HELO IDENT SOURCE",
            .. forward.Commands().SelectMany(c => new[] { "C: " + c, "S: 550 5.7.0 Error: insufficient authorization" }),
            "C: MAIL FROM:<a@example.com>", "S: 250 2.1.0 Ok",
            "C: RCPT TO:<b@example.test>", "S: 250 2.1.5 Ok",
            "C: DATA", "S: 354 go",
            "C: <data>", "S: 250 2.0.0 Ok: queued as 4ABC123DEF",
            .. Quit,
        ]);
        var options = Options(server.Endpoint) with
        {
            Forward = forward,
            OnForwardRefused = warnings.Add,
        };

        new SmtpClient(options).Submit(Envelope("a@example.com", "b@example.test"), Message("x\n"));

        server.Finish();
        Assert.Single(warnings);
        Assert.Contains("XFORWARD refused: 550 5.7.0", warnings[0]);
    }

    [Fact]
    public void Submit_LockStepRecipientRejected_ResetsQuitsAndNamesRecipientAndReply()
    {
        using var server = ScriptedSmtpServer.OnLoopback(
        [
            .. Greeting, .. EhloWithoutExtensions,
            "C: MAIL FROM:<a@example.com>", "S: 250 2.1.0 Ok",
            "C: RCPT TO:<b@example.test>", "S: 250 2.1.5 Ok",
            "C: RCPT TO:<nobody@example.test>", "S: 550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown",
            "C: RSET", "S: 250 2.0.0 Ok",
            .. Quit,
        ]);

        var e = Assert.Throws<SmtpException>(() =>
            Client(server).Submit(Envelope("a@example.com", "b@example.test", "nobody@example.test", "c@example.test"), Message("x\n")));

        server.Finish();
        Assert.Equal(SmtpFailure.Rejected, e.Failure);
        Assert.Equal("RCPT TO:<nobody@example.test>", e.Command);
        Assert.Equal(550, e.Reply?.Code);
        Assert.Equal("5.1.1", e.Reply?.EnhancedStatus);
        Assert.False(e.IsTransient);
        Assert.Contains("RCPT TO:<nobody@example.test> rejected: 550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown", e.Message);
        Assert.DoesNotContain("DATA", server.Transcript);
    }

    [Theory]
    [InlineData("451 4.3.0 Error: queue file write error", true)]
    [InlineData("452 4.3.1 Insufficient system storage", true)]
    [InlineData("553 5.7.1 <a@example.com>: Sender address rejected", false)]
    [InlineData("554 5.7.1 Access denied", false)]
    public void Submit_MailRejected_IsTransientOnlyFor4xx(string reply, bool transient)
    {
        using var server = ScriptedSmtpServer.OnLoopback(
        [
            .. Greeting, .. Ehlo,
            "C: MAIL FROM:<a@example.com>", "S: " + reply,
            "C: RCPT TO:<b@example.test>", "S: 503 5.5.1 Error: need MAIL command",
            "C: DATA", "S: 503 5.5.1 Error: need RCPT command",
            .. Quit,
        ]);

        var e = Assert.Throws<SmtpException>(() => Client(server).Submit(Envelope("a@example.com", "b@example.test"), Message("x\n")));

        server.Finish();
        Assert.Equal(SmtpFailure.Rejected, e.Failure);
        Assert.Equal(transient, e.IsTransient);
        Assert.Equal(transient, e.Reply!.IsTransient);
        Assert.Equal(!transient, e.Reply.IsPermanent);
        Assert.EndsWith(reply, e.Message);
    }

    [Fact]
    public void Submit_GreetingRefused_QuitsAndThrows()
    {
        using var server = ScriptedSmtpServer.OnLoopback(["S: 421 4.3.2 Service shutting down", .. Quit]);

        var e = Assert.Throws<SmtpException>(() => Client(server).Submit(Envelope("a@example.com", "b@example.test"), Message("x\n")));

        server.Finish();
        Assert.Equal("greeting", e.Command);
        Assert.True(e.IsTransient);
        Assert.Contains("connection refused by the server: 421 4.3.2 Service shutting down", e.Message);
    }

    [Fact]
    public void Submit_DataRefused_ResetsAndQuits()
    {
        using var server = ScriptedSmtpServer.OnLoopback(
        [
            .. Greeting, .. Ehlo,
            "C: MAIL FROM:<a@example.com>", "S: 250 2.1.0 Ok",
            "C: RCPT TO:<b@example.test>", "S: 250 2.1.5 Ok",
            "C: DATA", "S: 554 5.5.1 Error: no valid recipients",
            "C: RSET", "S: 250 2.0.0 Ok",
            .. Quit,
        ]);

        var e = Assert.Throws<SmtpException>(() => Client(server).Submit(Envelope("a@example.com", "b@example.test"), Message("x\n")));

        server.Finish();
        Assert.Equal("DATA", e.Command);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public void Submit_MessageRejectedAtEnd_QuitsWithoutResetAndKeepsContentOutOfTheError()
    {
        using var server = ScriptedSmtpServer.OnLoopback(Conversation("552 5.3.4 Error: message file too big"));

        var e = Assert.Throws<SmtpException>(() =>
            Client(server).Submit(Envelope("a@example.com", "b@example.test"), Message("Subject: secret plans\n\nsecret body\n")));

        server.Finish();
        Assert.Equal("end of data", e.Command);
        Assert.False(e.OutcomeUnknown);
        Assert.DoesNotContain("secret", e.Message);
    }

    [Fact]
    public void Submit_DsnAndUtf8ParametersAnnounced_SendsThemVerbatim()
    {
        using var server = ScriptedSmtpServer.OnLoopback(
        [
            .. Greeting, .. Ehlo,
            "C: MAIL FROM:<jörg@example.com> RET=HDRS ENVID=QQ314159 BODY=8BITMIME SMTPUTF8", "S: 250 2.1.0 Ok",
            "C: RCPT TO:<bob@example.test> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;bob@example.test", "S: 250 2.1.5 Ok",
            "C: RCPT TO:<ünal@example.test>", "S: 250 2.1.5 Ok",
            "C: DATA", "S: 354 go",
            "C: <data>", "S: 250 2.0.0 Ok: queued as 4ABC123DEF",
            .. Quit,
        ]);
        var envelope = new SmtpEnvelope(
            "jörg@example.com",
            [new SmtpRecipient("bob@example.test", ["NOTIFY=SUCCESS,DELAY", "ORCPT=rfc822;bob@example.test"]), new SmtpRecipient("ünal@example.test")],
            ["RET=HDRS", "ENVID=QQ314159", "BODY=8BITMIME", "SMTPUTF8"]);

        Client(server).Submit(envelope, Message("x\n"));

        server.Finish();
    }

    [Theory]
    [InlineData("SMTPUTF8", null, "SMTPUTF8")]
    [InlineData("RET=HDRS", null, "DSN")]
    [InlineData("ENVID=x", null, "DSN")]
    [InlineData("BODY=8BITMIME", null, "8BITMIME")]
    [InlineData("SIZE=1000", null, "SIZE")]
    [InlineData(null, "NOTIFY=NEVER", "DSN")]
    [InlineData(null, "ORCPT=rfc822;b@example.test", "DSN")]
    public void Submit_ParameterNeedsUnannouncedExtension_QuitsBeforeMailAndSaysWhich(string? mailParameter, string? rcptParameter, string extension)
    {
        using var server = ScriptedSmtpServer.OnLoopback([.. Greeting, .. EhloWithoutExtensions, .. Quit]);
        var envelope = new SmtpEnvelope(
            "a@example.com",
            [new SmtpRecipient("b@example.test", rcptParameter is null ? [] : [rcptParameter])],
            mailParameter is null ? [] : [mailParameter]);

        var e = Assert.Throws<SmtpException>(() => Client(server).Submit(envelope, Message("x\n")));

        server.Finish();
        Assert.Equal(SmtpFailure.ExtensionMissing, e.Failure);
        Assert.False(e.IsTransient);
        Assert.Contains($"parameter {mailParameter ?? rcptParameter} needs {extension}, which the server did not announce", e.Message);
        Assert.DoesNotContain("MAIL FROM", server.Transcript);
    }

    [Fact]
    public void Submit_MessageWithMixedLineEndsDotsLongLineAnd8Bit_IsSentByteExact()
    {
        var longLine = new string('a', 3000);
        byte[] input =
        [
            .. "Subject: t\nX-Crlf: y\r\n\n.\n..x\r\na\rb\n"u8, .. Encoding.ASCII.GetBytes(longLine), .. "\r\n"u8,
            0xe4, 0x80, 0xff, .. "\n.end"u8,
        ];
        byte[] expected =
        [
            .. "Subject: t\r\nX-Crlf: y\r\n\r\n..\r\n...x\r\na\rb\r\n"u8, .. Encoding.ASCII.GetBytes(longLine), .. "\r\n"u8,
            0xe4, 0x80, 0xff, .. "\r\n..end\r\n.\r\n"u8,
        ];
        using var server = ScriptedSmtpServer.OnUnixSocket(_temp.File("release"), Conversation("250 2.0.0 Ok: queued as 4ABC123DEF"));

        Client(server).Submit(Envelope("a@example.com", "b@example.test"), new OneByteStream(input));

        server.Finish();
        ByteAssert.Equal(expected, server.Data);
    }

    [Fact]
    public void Submit_LargeMessage_IsStreamedWhole()
    {
        const long bodyLength = 3 * 1024 * 1024;
        using var server = ScriptedSmtpServer.OnUnixSocket(_temp.File("release"), Conversation("250 2.0.0 Ok: queued as 4ABC123DEF"));

        Client(server).Submit(Envelope("a@example.com", "b@example.test"),
            new GeneratedMessageStream("Subject: big\n\n"u8.ToArray(), bodyLength));

        server.Finish();
        var data = server.Data;
        Assert.True(data.Length > bodyLength, $"only {data.Length} bytes arrived");
        Assert.True(data.AsSpan().EndsWith("\r\n.\r\n"u8));
        for (var i = 0; i < data.Length; i++)
        {
            Assert.True(data[i] != '\n' || (i > 0 && data[i - 1] == '\r'), $"bare LF at {i}");
        }
    }

    [Fact]
    public void Submit_ServerStartsLate_ConnectsOnTheSecondAttempt()
    {
        var path = _temp.File("release");
        ScriptedSmtpServer? server = null;
        var retries = new List<string>();
        var client = new SmtpClient(new SmtpClientOptions
        {
            Endpoint = SmtpEndpoint.Unix(path),
            CommandTimeout = TimeSpan.FromSeconds(2),
            ConnectRetries = 3,
            ConnectRetryDelay = TimeSpan.FromMilliseconds(10),
            OnConnectRetry = reason =>
            {
                retries.Add(reason);
                server ??= ScriptedSmtpServer.OnUnixSocket(path, Conversation("250 2.0.0 Ok: queued as 4ABC123DEF"));
            },
        });

        var result = client.Submit(Envelope("a@example.com", "b@example.test"), Message("x\n"));

        using (server)
        {
            server!.Finish();
        }

        Assert.Equal("4ABC123DEF", result.QueueId);
        Assert.Single(retries);
        Assert.Contains("retry 1 of 3", retries[0]);
    }

    [Fact]
    public void Submit_ConnectionLostAfterEhlo_IsNotRetried()
    {
        var retries = 0;
        using var server = ScriptedSmtpServer.OnLoopback([.. Greeting, .. Ehlo, "C: MAIL FROM:<a@example.com>", "S: <close>"]);
        var client = new SmtpClient(new SmtpClientOptions
        {
            Endpoint = server.Endpoint,
            CommandTimeout = TimeSpan.FromSeconds(2),
            ConnectRetries = 3,
            ConnectRetryDelay = TimeSpan.FromMilliseconds(1),
            OnConnectRetry = _ => retries++,
        });

        var e = Assert.Throws<SmtpException>(() => client.Submit(Envelope("a@example.com", "b@example.test"), Message("x\n")));

        server.Finish();
        Assert.Equal(SmtpFailure.ConnectionLost, e.Failure);
        Assert.Equal("MAIL FROM:<a@example.com>", e.Command);
        Assert.True(e.IsTransient);
        Assert.Equal(0, retries);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public void Submit_ServerNeverAnswers_TimesOut()
    {
        using var server = ScriptedSmtpServer.OnLoopback("S: <hang>");
        var client = new SmtpClient(Options(server.Endpoint) with { CommandTimeout = TimeSpan.FromMilliseconds(200) });

        var e = Assert.Throws<SmtpException>(() => client.Submit(Envelope("a@example.com", "b@example.test"), Message("x\n")));

        server.Finish();
        Assert.Equal(SmtpFailure.Timeout, e.Failure);
        Assert.Equal("greeting", e.Command);
        Assert.True(e.IsTransient);
        Assert.False(e.OutcomeUnknown);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public void Submit_NoReplyToEndOfData_TimesOutWithOutcomeUnknown()
    {
        using var server = ScriptedSmtpServer.OnLoopback(
        [
            .. Greeting, .. Ehlo,
            "C: MAIL FROM:<a@example.com>", "S: 250 2.1.0 Ok",
            "C: RCPT TO:<b@example.test>", "S: 250 2.1.5 Ok",
            "C: DATA", "S: 354 go",
            "C: <data>", "S: <hang>",
        ]);
        var client = new SmtpClient(Options(server.Endpoint) with { DataEndTimeout = TimeSpan.FromMilliseconds(200) });

        var e = Assert.Throws<SmtpException>(() => client.Submit(Envelope("a@example.com", "b@example.test"), Message("x\n")));

        server.Finish();
        Assert.Equal(SmtpFailure.Timeout, e.Failure);
        Assert.Equal("end of data", e.Command);
        Assert.True(e.OutcomeUnknown);
        Assert.Contains("may have been queued", e.Message);
    }

    [Fact]
    public void Submit_ReplyLineTooLong_IsProtocolError()
    {
        using var server = ScriptedSmtpServer.OnLoopback("S: 220 " + new string('x', 2500));

        var e = Assert.Throws<SmtpException>(() => Client(server).Submit(Envelope("a@example.com", "b@example.test"), Message("x\n")));

        server.Finish();
        Assert.Equal(SmtpFailure.ProtocolError, e.Failure);
        Assert.Contains("reply line longer than 2000 characters", e.Message);
    }

    [Fact]
    public void Submit_MessageStreamFails_ClosesWithoutTheFinalDot()
    {
        using var server = ScriptedSmtpServer.OnLoopback(
        [
            .. Greeting, .. Ehlo,
            "C: MAIL FROM:<a@example.com>", "S: 250 2.1.0 Ok",
            "C: RCPT TO:<b@example.test>", "S: 250 2.1.5 Ok",
            "C: DATA", "S: 354 go",
            "S: <hang>",
        ]);

        Assert.Throws<IOException>(() => Client(server).Submit(Envelope("a@example.com", "b@example.test"), new FailingStream("Subject: x\n\npart"u8.ToArray())));

        server.Finish();
        // Held in the DATA stream's buffer until a whole chunk or the end: nothing of it left.
        Assert.EndsWith("DATA\r\n", server.Transcript);
    }

    [Fact]
    public void Submit_AddressWithLineBreak_IsRefusedBeforeConnecting()
    {
        var client = new SmtpClient(Options(SmtpEndpoint.Unix(_temp.File("nothing-listens"))));

        var e = Assert.Throws<ArgumentException>(() =>
            client.Submit(Envelope("a@example.com", "b@example.test>\r\nRCPT TO:<c@example.test"), Message("x\n")));

        Assert.Contains("control characters", e.Message);
    }

    private static string[] Conversation(string finalReply) =>
    [
        .. Greeting, .. Ehlo,
        "C: MAIL FROM:<a@example.com>", "S: 250 2.1.0 Ok",
        "C: RCPT TO:<b@example.test>", "S: 250 2.1.5 Ok",
        "C: DATA", "S: 354 End data with <CR><LF>.<CR><LF>",
        "C: <data>", "S: " + finalReply,
        .. Quit,
    ];

    internal static SmtpClient Client(ScriptedSmtpServer server) => new(Options(server.Endpoint));

    internal static SmtpClientOptions Options(SmtpEndpoint endpoint) => new()
    {
        Endpoint = endpoint,
        ConnectTimeout = TimeSpan.FromSeconds(2),
        CommandTimeout = TimeSpan.FromSeconds(2),
        DataEndTimeout = TimeSpan.FromSeconds(2),
        ConnectRetries = 0,
    };

    internal static SmtpEnvelope Envelope(string sender, params string[] recipients) =>
        new(sender, [.. recipients.Select(r => new SmtpRecipient(r))], []);

    internal static MemoryStream Message(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>Hands out its bytes, then fails as a dying postcat pipe would.</summary>
    private sealed class FailingStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(Span<byte> buffer)
        {
            var n = base.Read(buffer);
            return n > 0 ? n : throw new IOException("postcat died");
        }
    }
}
