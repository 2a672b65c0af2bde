using System.Diagnostics;
using PostTls.IntegrationTests.TestBed;

namespace PostTls.IntegrationTests.Sweep;

/// <summary>
/// posttls sweep against the real private Postfix: senders with local mailboxes submit through
/// the filter to a remote without TLS; the sweep runs in process with a test clock (so reminders
/// and deadlines come at once) or as the published binary.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class SweepThroughPostfixTests(PostfixTestBed bed)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void Sweep_TaggedMessageStuckForTls_OneNoticeThenOneReminderPerStepThenDefaultAction()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var driver = new SweepDriver(bed, clock);
        var (marker, recipient) = StuckMail.Submit(bed, "bob", PostfixTestBed.TlsDomain);

        driver.Sweep();
        StuckMail.WaitForMailsAbout(bed, "bob", marker, "notice", 1);
        driver.Sweep();
        driver.Sweep();
        AssertStays("bob", marker, "notice", 1);

        var reminders = 0;
        foreach (var step in new[] { TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(20) })
        {
            clock.Advance(step + TimeSpan.FromSeconds(1));
            driver.Sweep();
            driver.Sweep();
            StuckMail.WaitForMailsAbout(bed, "bob", marker, "reminder", ++reminders);
        }

        clock.Advance(TimeSpan.FromHours(12));
        driver.Sweep();
        AssertStays("bob", marker, "reminder", 3);
        Assert.NotNull(bed.QueuedFor(recipient));

        clock.Advance(TimeSpan.FromDays(2));
        driver.Sweep();
        StuckMail.WaitForMailsAbout(bed, "bob", marker, "deadline", 1);
        // default_action = return: Postfix's own bounce reaches the sender and the message leaves the queue.
        Poll.Until(() => bed.QueuedFor(recipient) is null, Patience, () => $"{recipient} is still queued after return");
        Poll.Until(() => bed.MailboxMessages("bob").Any(m => m.Contains("Undelivered Mail Returned to Sender", StringComparison.Ordinal) && m.Contains(marker, StringComparison.Ordinal)),
            Patience, () => "no bounce from Postfix in bob's mailbox");
        driver.Sweep();
        AssertStays("bob", marker, "deadline", 1);
        AssertStays("bob", marker, "notice", 1);
    }

    [Fact]
    public void Sweep_DefaultActionRelease_SentWithoutEncryptionAtTheDeadline()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var driver = new SweepDriver(bed, clock);
        var (marker, recipient) = StuckMail.Submit(bed, "frank", PostfixTestBed.TlsDomain);
        var queueId = bed.QueuedFor(recipient)!.QueueId;
        bed.SetPostTlsConfig("default_action = release\nreminder_schedule =\n");
        try
        {
            driver.Sweep();
            StuckMail.WaitForMailsAbout(bed, "frank", marker, "notice", 1);
            Assert.Empty(bed.SinkMessagesContaining(marker));

            clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
            driver.Sweep();
        }
        finally
        {
            bed.SetPostTlsConfig();
        }

        Poll.Until(() => bed.SinkMessagesContaining(marker).Count > 0, Patience, () => $"{marker} was not released at the deadline\n{bed.PostTlsLogText()}");
        Poll.Until(() => bed.QueuedFor(recipient) is null, Patience, () => "the original is still queued");
        Assert.Contains("released", AuditActions(queueId));
        Assert.Contains("policy:default_action", Audit(queueId, "actor"));
    }

    [Fact]
    public void Sweep_OnlyNeverInsecureRecipients_ReturnedAtOnceAndSenderTold()
    {
        var added = Command.Run(bed.Binary, "domains", "add", PostfixTestBed.NeverDomain, "--config", bed.ConfigFile);
        Assert.True(added.ExitCode == 0, Command.Describe(added));
        var (marker, recipient) = StuckMail.Submit(bed, "carol", PostfixTestBed.NeverDomain);

        new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();

        StuckMail.WaitForMailsAbout(bed, "carol", marker, "never-insecure", 1);
        Assert.Empty(Notices("carol", marker, "notice"));
        Poll.Until(() => bed.QueuedFor(recipient) is null, Patience, () => $"{recipient} is still queued");
        var listed = Command.Run(bed.Binary, "domains", "list", "--config", bed.ConfigFile);
        Assert.Contains(PostfixTestBed.NeverDomain, listed.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Two published sweeps started together, as two overlapping cron runs. A slow sendmail keeps
    /// the first one inside its lock while the second starts, so the second must meet the lock,
    /// say so and stop with 0; every deferred message gets exactly one notice.
    /// </summary>
    [Fact]
    public void Sweep_TwoAtOnce_OneStopsAtTheLock_EachMessageNotifiedOnce()
    {
        var stuck = new[] { "dave", "erin", "gina" }.Select(mailbox => (Mailbox: mailbox, StuckMail.Submit(bed, mailbox, PostfixTestBed.TlsDomain).Marker)).ToList();
        var logStart = bed.PostTlsLogText().Length;
        // The old way for PostTLS's own mail (sendmail, here wrapped to inject faults) needs an
        // unfiltered pickup: the filter would strip the X-PostTLS-Notice marker.
        using var pickup = MasterCfOverride.UnfilteredPickup(bed);
        bed.SetPostTlsConfig($"notify_service =\nsendmail_path = {FakeSendmail.Slow(Path.Combine(bed.Root, "fakes"), seconds: 1)}\n");
        List<(int ExitCode, string Error)> results;
        try
        {
            var sweeps = Enumerable.Range(0, 2).Select(_ => Process.Start(new ProcessStartInfo(bed.Binary)
            {
                ArgumentList = { "sweep", "--config", bed.ConfigFile },
                UseShellExecute = false,
                RedirectStandardError = true,
            })!).ToList();
            results = sweeps.Select(sweep =>
            {
                var error = sweep.StandardError.ReadToEndAsync();
                Assert.True(sweep.WaitForExit(TimeSpan.FromSeconds(60)), "sweep did not finish");
                return (sweep.ExitCode, error.Result);
            }).ToList();
        }
        finally
        {
            bed.SetPostTlsConfig();
        }

        foreach (var (mailbox, marker) in stuck)
        {
            StuckMail.WaitForMailsAbout(bed, mailbox, marker, "notice", 1);
        }

        Thread.Sleep(1500);
        var notified = stuck.Select(s => Notices(s.Mailbox, s.Marker, "notice").Count).ToList();
        var log = bed.PostTlsLogText()[logStart..];
        PostTls.IntegrationTests.Reliability.FaultReport.Record("concurrency", "two sweeps at once", 2, notified.Count(n => n != 1));
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Error));
        Assert.All(notified, n => Assert.Equal(1, n));
        Assert.Single(log.Split('\n'), l => l.Contains("another sweep is running; this one stops", StringComparison.Ordinal));
        Assert.Single(log.Split('\n'), l => l.Contains("sweep done:", StringComparison.Ordinal));
    }

    [Fact]
    public void Sweep_DryRun_ReportsAndChangesNothing()
    {
        var (marker, _) = StuckMail.Submit(bed, "erin", PostfixTestBed.TlsDomain);
        var driver = new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow));

        var report = driver.Sweep(dryRun: true);

        Assert.Contains("would send a notice to <erin@posttls.test>", report, StringComparison.Ordinal);
        Assert.Equal(0, driver.LastQueue!.Sendmails);
        AssertStays("erin", marker, "notice", 0);
        driver.Sweep();
        StuckMail.WaitForMailsAbout(bed, "erin", marker, "notice", 1);
    }

    [Fact]
    public void Sweep_MessageRemovedByHand_ClosedAfterTwoSweeps()
    {
        var (marker, recipient) = StuckMail.Submit(bed, "frank", PostfixTestBed.TlsDomain);
        var driver = new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow));
        driver.Sweep();
        var queueId = bed.QueuedFor(recipient)!.QueueId;

        Command.Run(PostfixTestBed.Tool("postsuper"), "-c", bed.Etc, "-d", queueId).EnsureSuccess("postsuper -d");
        driver.Sweep();
        Assert.DoesNotContain("closed", AuditActions(queueId));
        driver.Sweep();

        Assert.Contains("closed", AuditActions(queueId));
    }

    [Fact]
    public void Sweep_NullSenderStuckForTls_IgnoredNeverNotified()
    {
        var marker = TestMessage.NewMarker();
        var recipient = $"{marker}@{PostfixTestBed.TlsDomain}";
        SmtpSubmitter.Send(bed.PlainPort, "", [recipient], TestMessage.Create(marker, "MAILER-DAEMON@posttls.test", recipient));
        var queueId = bed.WaitForTlsDeferral(recipient).QueueId;

        var driver = new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow));
        driver.Sweep();
        driver.Sweep();

        Assert.Contains("tracked", AuditActions(queueId));
        Assert.Contains("ignored: null sender", AuditDetails(queueId), StringComparison.Ordinal);
        Assert.DoesNotContain(AuditActions(queueId), a => a.EndsWith("sent", StringComparison.Ordinal));
    }

    [Fact]
    public void Sweep_AThousandDeferredMessages_OnePostcatPerHundred()
    {
        var recipients = Enumerable.Range(0, 1000).Select(i => $"bulk{i}-{TestMessage.NewMarker()}@{PostfixTestBed.TlsDomain}").ToList();
        SmtpSubmitter.SendMany(bed.PlainPort, "bulk@posttls.test", recipients);
        var wanted = recipients.ToHashSet();
        Poll.Until(() => bed.Queue().Count(e => e.Recipients.Any(r => wanted.Contains(r.Address)
            && r.DelayReason.Contains("TLS is required", StringComparison.Ordinal))) == 1000,
            TimeSpan.FromMinutes(4), () => "the 1000 messages were not all deferred for TLS");
        var queueIds = bed.Queue().Where(e => e.Recipients.Any(r => wanted.Contains(r.Address))).Select(e => e.QueueId).ToList();
        try
        {
            var driver = new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow));
            driver.Sweep();

            var batches = driver.LastQueue!.PostcatBatches;
            Assert.True(batches.All(b => b <= 100), string.Join(",", batches));
            Assert.True(batches.Count is >= 10 and <= 15, $"{batches.Count} postcat runs for 1000 new messages: {string.Join(",", batches)}");
            Assert.Equal(1000, queueIds.Count(id => AuditActions(id).Contains("tracked")));

            driver.Sweep();
            Assert.Empty(driver.LastQueue!.PostcatBatches);
        }
        finally
        {
            Command.Run(PostfixTestBed.Tool("postsuper"), ["-c", bed.Etc, "-d", "-"], System.Text.Encoding.ASCII.GetBytes(string.Join("\n", queueIds) + "\n"));
        }
    }

    private List<string> Notices(string mailbox, string marker, string kind) => StuckMail.MailsAbout(bed, mailbox, marker, kind).ToList();

    /// <summary>No more mails of the kind arrive (Postfix delivers within a second on this bed).</summary>
    private void AssertStays(string mailbox, string marker, string kind, int count)
    {
        Thread.Sleep(1500);
        Assert.Equal(count, Notices(mailbox, marker, kind).Count);
    }

    private List<string> AuditActions(string queueId) => Audit(queueId, "action");

    private string AuditDetails(string queueId) => string.Join("\n", Audit(queueId, "detail"));

    private List<string> Audit(string queueId, string column) => AuditTrail.OfQueueId(bed, queueId, column);
}
