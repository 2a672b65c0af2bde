using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using PostTls.IntegrationTests.Reliability;
using PostTls.IntegrationTests.TestBed;
using PostTls.Tagging;

namespace PostTls.IntegrationTests.Filter;

/// <summary>
/// The filter hands its copy back over SMTP to the reinjection listener of postfix-snippets/master.cf
/// (FILTER_README's advanced content filter), through the real Postfix: what the listener admits,
/// what it logs, what a killed filter leaves, and what its replies make of the message.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed partial class SmtpReinjectionTests(PostfixTestBed bed)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private string Fakes => Path.Combine(bed.Root, "fakes");

    private string SecretHelo => ReinjectHelo.Name(bed.Key);

    [Fact]
    public void Submission_GoesThroughTheListener_WhichLogsTheClient_AndTheSecretHeloShowsNowhere()
    {
        var marker = TestMessage.NewMarker();
        var recipient = $"{marker}@{PostfixTestBed.PlainDomain}";
        // From here on: a test that makes the listener refuse the filter on purpose leaves the name in Postfix's reject line (see below).
        var logStart = bed.MailLogText().Length;
        var queueId = SmtpSubmitter.Send(bed.SubmissionPort, "alice@posttls.test", [recipient], TestMessage.Create(marker, "alice@posttls.test", recipient));

        var delivered = Poll.Until(() => bed.SinkMessagesContaining(marker).SingleOrDefault(), Patience, () => bed.MailLogText());
        Assert.Contains("Received: from client.posttls.test (localhost [127.0.0.1])", delivered, StringComparison.Ordinal);
        Assert.Contains($"postfix/posttls-reinject/smtpd", bed.MailLogText(), StringComparison.Ordinal);
        Assert.Contains($"orig_queue_id={queueId}, orig_client=localhost[127.0.0.1]", bed.MailLogText(), StringComparison.Ordinal);
        // The copy went in BDAT chunks (Postfix 3.4 and later announce CHUNKING), not DATA: the listener's disconnect line counts the commands.
        Assert.Contains(bed.MailLogText().Split('\n'), line => line.Contains("posttls-reinject/smtpd", StringComparison.Ordinal)
            && line.Contains(" disconnect from ", StringComparison.Ordinal) && line.Contains(" bdat=1 ", StringComparison.Ordinal) && !line.Contains(" data=", StringComparison.Ordinal));
        foreach (var (what, text) in new[] { ("the delivered copy", delivered), ("the mail log", bed.MailLogText()[logStart..]), ("the posttls log", bed.PostTlsLogText()) })
        {
            Assert.False(text.Contains(SecretHelo, StringComparison.OrdinalIgnoreCase), $"the secret HELO name is in {what}");
        }
    }

    [Fact]
    public void LocalSendmail_IsTagged_AndDeliveredOnce()
    {
        var marker = TestMessage.NewMarker();
        var deferred = $"{marker}@{PostfixTestBed.TlsDomain}";
        var plain = $"{marker}@{PostfixTestBed.PlainDomain}";
        foreach (var recipient in new[] { deferred, plain })
        {
            Command.Run(PostfixTestBed.Tool("sendmail"), ["-C", bed.Etc, "-f", "alice@posttls.test", "--", recipient],
                input: TestMessage.Create(marker, "alice@posttls.test", recipient)).EnsureSuccess("sendmail");
        }

        var entry = bed.WaitForTlsDeferral(deferred);
        var tag = Assert.Single(TestMessage.PostTlsFields(bed.Postcat(entry.QueueId, "-h")));
        Assert.True(Tags.Check(bed, Tags.Of(tag), "alice@posttls.test") == TagStatus.Valid, $"the tag of local mail does not verify: {tag}");

        Poll.Until(() => bed.SinkMessagesContaining(marker).Count > 0 && bed.QueuedFor(plain) is null, Patience, () => bed.MailLogText());
        Thread.Sleep(1000); // a second copy (a loop through pickup) would follow within a second
        Assert.Single(bed.SinkMessagesContaining(marker));
    }

    [Fact]
    public void Listener_AdmitsOnlyTheSecretHeloName_AndXforwardDoesNotGetAnyoneIn()
    {
        var marker = TestMessage.NewMarker();
        var recipient = $"{marker}@{PostfixTestBed.PlainDomain}";

        Assert.StartsWith("554 5.7.1 ", Conversation("client.posttls.test", recipient, xforwardHelo: SecretHelo), StringComparison.Ordinal);
        Assert.StartsWith("554 5.7.1 ", Conversation("posttls-" + new string('0', 40), recipient, xforwardHelo: null), StringComparison.Ordinal);
        Thread.Sleep(1000);
        Assert.Empty(bed.SinkMessagesContaining(marker));
        Assert.Null(bed.QueuedFor(recipient));

        // The same conversation with the name is accepted: the gate is the name, nothing else.
        Assert.StartsWith("250 ", Conversation(SecretHelo, recipient, xforwardHelo: null), StringComparison.Ordinal);
        Poll.Until(() => bed.SinkMessagesContaining(marker).Count == 1, Patience, () => bed.MailLogText());
    }

    /// <summary>
    /// The filter is SIGKILLed after it has read half of a large message's body: the listener
    /// never got the final ".", so nothing is queued; pipe(8) defers, and the message arrives once, whole.
    /// </summary>
    [Fact]
    public void FilterKilledHalfwayThroughTheBody_QueuesNothing_AndTheMessageArrivesOnceLater()
    {
        var marker = TestMessage.NewMarker();
        var recipient = $"{marker}@{PostfixTestBed.PlainDomain}";
        var body = string.Concat(Enumerable.Repeat(new string('x', 76) + "\n", 300_000)) + $"last line {marker}\n";
        var message = TestMessage.Create(marker, "alice@posttls.test", recipient, body: body);
        using var quickRetry = MainCfOverride.Set(bed, "service_throttle_time", "1s");
        var killed = 0;
        var killer = new Thread(() => killed = KillFilterAfterReading(message.Length / 2)) { IsBackground = true };
        killer.Start();
        SmtpSubmitter.Send(bed.SubmissionPort, "alice@posttls.test", [recipient], message);
        Assert.True(killer.Join(Patience), "the filter was never seen reading");
        Assert.True(killed > 0, "no filter was killed");

        var deferred = Poll.Until(() => bed.QueuedFor(recipient) is { QueueName: "deferred" } e && e.DelayReasonOf(recipient).Length > 0 ? e : null,
            Patience, () => bed.MailLogText());
        Assert.Contains("signal 9", deferred.DelayReasonOf(recipient), StringComparison.Ordinal);
        Assert.Empty(bed.SinkMessagesContaining(marker));

        bed.FlushQueue();
        var copies = new FilterFaultScenario(bed).WaitForDelivery(recipient);
        FaultReport.Record("filter", "filter SIGKILLed mid-body (SMTP reinjection)", 1, copies == 0 ? 1 : 0);
        Assert.Equal(1, copies);
        Assert.Contains($"last line {marker}", bed.SinkMessagesContaining(marker)[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DATA-END")]
    [InlineData("BDAT")]
    public void ListenerRefusesForGood_TheSenderGetsABounceWithItsText(string stage)
    {
        using var listener = new FakeReinjectListener(stage, "554 5.7.0 refused by the test listener for good");
        bed.SetPostTlsConfig($"reinject_address = 127.0.0.1:{listener.Port}\n");
        var marker = TestMessage.NewMarker();
        var recipient = $"{marker}@{PostfixTestBed.PlainDomain}";
        try
        {
            SmtpSubmitter.Send(bed.SubmissionPort, "bob@posttls.test", [recipient], TestMessage.Create(marker, "bob@posttls.test", recipient));
            var bounce = Poll.Until(
                () => bed.MailboxMessages("bob").FirstOrDefault(m => m.Contains(marker, StringComparison.Ordinal) && m.Contains("refused by the test listener for good", StringComparison.Ordinal)),
                Patience, () => bed.MailLogText());
            Assert.Contains("5.7.0", bounce, StringComparison.Ordinal);
            Assert.Contains($"to=<{recipient}>, relay=posttls-filter", bed.MailLogText(), StringComparison.Ordinal);
            Assert.Contains("dsn=5.7.0, status=bounced (refused by the test listener for good", bed.MailLogText(), StringComparison.Ordinal);
            Assert.Empty(bed.SinkMessagesContaining(marker));
            Assert.DoesNotContain(SecretHelo, bounce, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            bed.SetPostTlsConfig();
        }
    }

    public static TheoryData<string, string> Deferrals => new()
    {
        { "RCPT", "451 4.3.0 deferred by the test listener" },
        { "DATA-END", "452 4.3.1 test listener out of space" },
        { "BDAT", "452 4.3.1 test listener out of space for the chunk" },
    };

    [Theory]
    [MemberData(nameof(Deferrals))]
    public void ListenerDefers_MessageStaysQueuedWithItsText_ThenDeliveredOnce(string stage, string reply)
    {
        FakeReinjectListener? listener = null;
        new FilterFaultScenario(bed).AssertSurvives($"reinjection listener answers {reply[..3]} at {stage}",
            () =>
            {
                listener = new FakeReinjectListener(stage, reply);
                bed.SetPostTlsConfig($"reinject_address = 127.0.0.1:{listener.Port}\n");
            },
            () =>
            {
                bed.SetPostTlsConfig();
                listener?.Dispose();
            },
            reply);
    }

    [Fact]
    public void ListenerDown_MessageStaysQueued_ThenDeliveredOnce()
    {
        using var closed = new TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        new FilterFaultScenario(bed).AssertSurvives("reinjection listener down",
            () => bed.SetPostTlsConfig($"reinject_address = 127.0.0.1:{port}\n"),
            () => bed.SetPostTlsConfig(),
            "cannot connect");
    }

    [Fact]
    public void ListenerHangs_FilterGivesUpInTime_ThenDeliveredOnce()
    {
        FakeReinjectListener? listener = null;
        new FilterFaultScenario(bed).AssertSurvives("reinjection listener hangs",
            () =>
            {
                listener = new FakeReinjectListener("HANG", "");
                bed.SetPostTlsConfig($"reinject_address = 127.0.0.1:{listener.Port}\nreinject_time_limit = 2s\n");
            },
            () =>
            {
                bed.SetPostTlsConfig();
                listener?.Dispose();
            },
            "reinjection did not finish within 2 s");
    }

    /// <summary>The filter's byte corpus through the SMTP path: what Postfix stores is what was submitted, plus the tag.</summary>
    [Fact]
    public void Corpus_StoredAsSubmittedPlusTheTag()
    {
        var problems = new List<string>();
        foreach (var file in Directory.GetFiles(RepositoryFiles.Path("tests", "corpus", "filter"), "*.eml").Order())
        {
            var marker = TestMessage.NewMarker();
            var bytes = File.ReadAllBytes(file);
            var filtered = Stored(bed.SubmissionPort, marker + "f", bytes);
            var control = Stored(bed.PlainPort, marker + "c", bytes);
            var expected = control.Replace(marker + "c", marker + "f", StringComparison.Ordinal);
            if (filtered.Tag is null == ExpectsTag(file))
            {
                problems.Add($"{Path.GetFileName(file)}: tag {(filtered.Tag is null ? "missing" : "unexpected")}");
            }

            if (filtered.Content != expected.Content)
            {
                problems.Add($"{Path.GetFileName(file)}: stored content differs from the unfiltered copy:\n--- filtered\n{filtered.Content}\n--- unfiltered\n{expected.Content}\n---");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static bool ExpectsTag(string emlFile) =>
        File.ReadAllText(Path.ChangeExtension(emlFile, ".expected")).Contains("X-PostTLS-ID", StringComparison.Ordinal);

    private sealed record StoredMessage(string Content, string? Tag)
    {
        public StoredMessage Replace(string a, string b, StringComparison c) => this with { Content = Content.Replace(a, b, c) };
    }

    /// <summary>Submits to a TLS-deferred recipient and reads what the queue holds, without Received lines and the tag.</summary>
    private StoredMessage Stored(int port, string marker, byte[] message)
    {
        var recipient = $"{marker}@{PostfixTestBed.TlsDomain}";
        SmtpSubmitter.Send(port, "alice@posttls.test", [recipient], message);
        var entry = bed.WaitForTlsDeferral(recipient);
        var content = bed.Postcat(entry.QueueId, "-bh");
        Command.Run(PostfixTestBed.Tool("postsuper"), "-c", bed.Etc, "-d", entry.QueueId).EnsureSuccess("postsuper -d");
        var lines = new List<string>();
        string? tag = null;
        var skipping = false;
        var inHeader = true;
        foreach (var line in content.Split('\n'))
        {
            if (inHeader && line.Length == 0)
            {
                inHeader = false;
            }

            if (inHeader && line.Length > 0 && char.IsWhiteSpace(line[0]) && skipping)
            {
                continue;
            }

            // The filter removes every X-PostTLS-* field and adds its tag; the unfiltered copy keeps the forged ones.
            skipping = inHeader && (line.StartsWith("Received:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("X-PostTLS-", StringComparison.OrdinalIgnoreCase)
                || AddedByCleanup().IsMatch(line));
            if (inHeader && line.StartsWith("X-PostTLS-ID:", StringComparison.Ordinal))
            {
                tag = line;
            }

            if (!skipping)
            {
                lines.Add(line);
            }
        }

        return new StoredMessage(string.Join('\n', lines).Replace(recipient, "RCPT", StringComparison.Ordinal), tag);
    }

    /// <summary>
    /// A new key (posttls init --force) rewrites the listener's HELO table, but its smtpd
    /// processes keep the table they read until postfix reload, and refuse the filter's new
    /// name until then. That must defer the mail, never bounce it; after the reload every
    /// message arrives once. The name stays out of the deferral reason and posttls's log; Postfix
    /// itself writes it into its reject line (helo=&lt;...&gt;), which nothing can turn off: the
    /// risk the README names, pinned here to that one place.
    /// </summary>
    [Fact]
    public void ListenerHoldsTheHeloTableOfAnOldKey_MailIsDeferredNotBounced_ThenArrivesOnceAfterReload()
    {
        var table = Path.Combine(bed.Etc, ReinjectHelo.TableFileName);
        var current = File.ReadAllText(table);
        var (mailLogStart, postTlsLogStart) = (bed.MailLogText().Length, bed.PostTlsLogText().Length);
        new FilterFaultScenario(bed).AssertSurvives("reinjection listener holds the HELO table of an old key (no reload)",
            () => SwapTable(table, ReinjectHelo.Table(new byte[32]), admitted: false),
            () => SwapTable(table, current, admitted: true),
            "Helo command rejected");

        Assert.DoesNotContain(SecretHelo, bed.PostTlsLogText()[postTlsLogStart..], StringComparison.OrdinalIgnoreCase);
        var showing = bed.MailLogText()[mailLogStart..].Split('\n').Where(l => l.Contains(SecretHelo, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(showing);
        Assert.All(showing, line => Assert.Matches(@"postfix/posttls-reinject/smtpd\[\d+\]: NOQUEUE: reject: RCPT from [^\[\s]*\[127\.0\.0\.1\]: ", line));
    }

    /// <summary>Writes the listener's table and reloads; returns once the listener admits the filter's name, or refuses it.</summary>
    private void SwapTable(string table, string text, bool admitted)
    {
        File.WriteAllText(table, text);
        Command.Run(PostfixTestBed.Tool("postfix"), "-c", bed.Etc, "reload").EnsureSuccess("postfix reload");
        // smtpd processes of the old generation end at their earliest convenience, not at once.
        Poll.Until(() => Conversation(SecretHelo, $"probe@{PostfixTestBed.PlainDomain}", xforwardHelo: null, data: false).StartsWith("250", StringComparison.Ordinal) == admitted,
            Patience, () => bed.MailLogText());
    }

    /// <summary>
    /// An SMTP conversation with the listener as a local user could have it; returns the reply
    /// to RCPT, or to "." if RCPT passed and <paramref name="data"/> is set (else it ends at RCPT).
    /// </summary>
    private string Conversation(string helo, string recipient, string? xforwardHelo, bool data = true)
    {
        using var client = new TcpClient("127.0.0.1", bed.ReinjectPort);
        client.ReceiveTimeout = 10_000;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        string Say(string line)
        {
            stream.Write(Encoding.ASCII.GetBytes(line + "\r\n"));
            string reply;
            do
            {
                reply = reader.ReadLine() ?? "";
            }
            while (reply.Length > 3 && reply[3] == '-');
            return reply;
        }

        reader.ReadLine();
        Say("EHLO " + helo);
        if (xforwardHelo is not null)
        {
            Say("XFORWARD HELO=" + xforwardHelo);
        }

        Say("MAIL FROM:<alice@posttls.test>");
        var rcpt = Say($"RCPT TO:<{recipient}>");
        if (!rcpt.StartsWith("250", StringComparison.Ordinal) || !data)
        {
            Say("QUIT");
            return rcpt;
        }

        Say("DATA");
        var marker = recipient[..recipient.IndexOf('@', StringComparison.Ordinal)];
        return Say($"Subject: {marker}\r\nMessage-ID: <{marker}@x>\r\n\r\n{marker}\r\n.");
    }

    /// <summary>Waits for the bed's filter to have read <paramref name="bytes"/> bytes, then SIGKILLs it; returns its pid.</summary>
    private int KillFilterAfterReading(long bytes)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Patience)
        {
            // pipe(8)'s own argument vector holds the whole master.cf command too: only the filter starts with the binary.
            foreach (var pid in ProcessTable.Find(cmdline => cmdline.StartsWith($"\0{bed.Binary}\0--config\0{bed.ConfigFile}\0filter\0", StringComparison.Ordinal)))
            {
                if (ProcessTable.ReadBytes(pid) >= bytes)
                {
                    Process.GetProcessById(pid).Kill();
                    return pid;
                }
            }

            Thread.Sleep(5);
        }

        return 0;
    }

    /// <summary>The Message-Id and Date that cleanup adds to mail without them: they differ between any two submissions.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^(Message-Id: <\d{14}\.[0-9A-F]+@mail\.posttls\.test>|Date: \w{3}, [ \d]\d \w{3} \d{4} [\d:]{8} \+0000 \(UTC\))$")]
    private static partial System.Text.RegularExpressions.Regex AddedByCleanup();
}
