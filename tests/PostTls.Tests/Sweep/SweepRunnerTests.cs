using PostTls.Cli;
using PostTls.Postfix;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Sweep;

public sealed class SweepRunnerTests : IDisposable
{
    private const string Alice = "alice@posttls.test";
    private readonly SweepHarness _sweep = new();

    public void Dispose() => _sweep.Dispose();

    private string SummaryLine() => Assert.Single(_sweep.Log.Lines, l => l.StartsWith("sweep done: ", StringComparison.Ordinal));

    [Fact]
    public void Run_MalformedPostqueueLines_SkippedCountedAndTheRestTracked()
    {
        var file = _sweep.AddTagged(Alice, "bob@example.test");
        _sweep.Queue.ExtraListLines.AddRange(
        [
            "not json at all",
            "{}",
            """{"queue_name": "deferred", "queue_id": "../../etc", "arrival_time": 1, "message_size": 1, "sender": "x@y", "recipients": []}""",
            """{"queue_name": "deferred", "queue_id": "A1F00B1E5FF", "arrival_time": -5, "message_size": 1, "sender": "x@y", "recipients": []}""",
            file.JsonLine()[..40],
        ]);

        _sweep.Sweep();

        Assert.Contains("skipped lines=5", SummaryLine(), StringComparison.Ordinal);
        Assert.Contains("queue=1,", SummaryLine(), StringComparison.Ordinal);
        Assert.Equal(5, _sweep.Log.Lines.Count(l => l.StartsWith("warning: skipped a postqueue -j line: ", StringComparison.Ordinal)));
        Assert.Equal("open", _sweep.StateOf(file.QueueId));
        Assert.Single(_sweep.SentTo(Alice));
        Assert.DoesNotContain(_sweep.Queue.Calls, c => c.Contains("../", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_PostqueuePrintsOnlyGarbage_Problem75AndNothingTakenForGone()
    {
        var file = _sweep.AddTagged(Alice, "bob@example.test");
        _sweep.Sweep();
        _sweep.Queue.OnListQueue = () => ["garbage", "<html>502 Bad Gateway</html>"];

        // Two readings without the message are what closes it: both must be refused.
        for (var run = 0; run < 2; run++)
        {
            var problem = Assert.Throws<Problem>(() => _sweep.Sweep());
            Assert.Equal(ExitCodes.TempFail, problem.ExitCode);
            Assert.Contains("postqueue -j printed 2 line(s) and none of them describes a message", problem.Message, StringComparison.Ordinal);
        }

        Assert.Equal("open", _sweep.StateOf(file.QueueId));
    }

    [Fact]
    public void Run_ListingWithAnUnreadableLine_NothingTakenForGoneUntilItReadsCleanly()
    {
        var gone = _sweep.AddTagged(Alice, "bob@example.test");
        _sweep.AddTagged("carol@posttls.test", "dave@example.test");
        _sweep.Sweep();
        _sweep.Queue.Files.Remove(gone);
        _sweep.Queue.ExtraListLines.Add("not json at all");

        _sweep.Sweep();
        _sweep.Sweep();
        Assert.Equal("open", _sweep.StateOf(gone.QueueId));
        Assert.Contains(_sweep.Log.Lines, l => l.Contains("no message is taken for gone in this sweep", StringComparison.Ordinal));

        _sweep.Queue.ExtraListLines.Clear();
        _sweep.Sweep();
        _sweep.Sweep();
        Assert.Equal("closed", _sweep.StateOf(gone.QueueId));
    }

    [Fact]
    public void Run_PostcatFailsForTheBatch_NotTrackedYetThenTrackedNextSweep()
    {
        var one = _sweep.AddTagged(Alice, "bob@example.test");
        var two = _sweep.AddTagged("carol@posttls.test", "dave@example.test");
        _sweep.Queue.OnPostcat = _ => new CommandResult(1, "", "postcat: fatal: open /etc/postfix-under-test/main.cf: Permission denied\n");

        _sweep.Sweep();

        Assert.Equal(0, _sweep.Count("messages"));
        Assert.Empty(_sweep.Queue.Sent);
        Assert.DoesNotContain(_sweep.Queue.Calls, c => c.StartsWith("postsuper", StringComparison.Ordinal));

        _sweep.Queue.OnPostcat = null;
        _sweep.Sweep();

        Assert.Equal("open", _sweep.StateOf(one.QueueId));
        Assert.Equal("open", _sweep.StateOf(two.QueueId));
        Assert.Single(_sweep.SentTo(Alice));
        Assert.Single(_sweep.SentTo("carol@posttls.test"));
    }

    [Fact]
    public void Run_PostcatOutputGarbled_NothingTrackedFromIt()
    {
        var file = _sweep.AddTagged(Alice, "bob@example.test");
        _sweep.Queue.OnPostcat = ids => new CommandResult(0, "*** ENVELOPE RECORDS deferred/A/" + ids[0] + " ***\nsender: mallory@evil.test\n", "");

        _sweep.Sweep();

        Assert.Null(_sweep.StateOf(file.QueueId));
        Assert.Empty(_sweep.Queue.Sent);
    }

    [Fact]
    public void Run_MessageLeftTheQueueBeforePostcat_OthersInTheBatchStillTracked()
    {
        var gone = _sweep.AddTagged(Alice, "bob@example.test");
        var stays = _sweep.AddTagged("carol@posttls.test", "dave@example.test");
        var listing = _sweep.Queue.Files.Select(f => f.JsonLine()).ToList();
        _sweep.Queue.OnListQueue = () => listing;
        _sweep.Queue.Files.Remove(gone);

        _sweep.Sweep();

        Assert.Null(_sweep.StateOf(gone.QueueId));
        Assert.Equal("open", _sweep.StateOf(stays.QueueId));
        Assert.Equal([$"postcat {gone.QueueId} {stays.QueueId}", $"postcat {stays.QueueId}"],
            _sweep.Queue.Calls.Where(c => c.StartsWith("postcat ", StringComparison.Ordinal) && !c.StartsWith("postcat -", StringComparison.Ordinal)).Take(2));
    }

    [Fact]
    public void Run_NotDeferredForTls_NotTracked()
    {
        _sweep.Add(new QueueFile
        {
            QueueId = _sweep.NewQueueId(),
            Sender = Alice,
            Recipients = [("bob@example.test", QueueFile.Refused), ("carol@example.test", "")],
        });

        _sweep.Sweep();

        Assert.Equal(0, _sweep.Count("messages"));
        Assert.DoesNotContain(_sweep.Queue.Calls, c => c.StartsWith("postcat", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_LocalTlsProblemOnly_OneAdminAlertNeverTheSenderNotRepeated()
    {
        var file = _sweep.Add(new QueueFile
        {
            QueueId = _sweep.NewQueueId(),
            Sender = Alice,
            Recipients = [("bob@example.test", QueueFile.LocalTls), ("carol@example.test", QueueFile.LocalTls)],
            HeaderLines = [$"X-PostTLS-ID: {_sweep.NewTag()}", $"From: <{Alice}>", "Subject: stuck on our side"],
        });

        _sweep.Sweep();
        _sweep.Clock.Now += TimeSpan.FromHours(5);
        _sweep.Sweep();
        _sweep.Clock.Now += TimeSpan.FromDays(4);
        _sweep.Sweep();

        Assert.Equal("admin", _sweep.StateOf(file.QueueId));
        var alert = Assert.Single(_sweep.Queue.Sent);
        Assert.Equal(SweepHarness.AdminAddress, alert.Recipient);
        Assert.Contains(file.QueueId, alert.Text, StringComparison.Ordinal);
        Assert.Empty(_sweep.SentTo(Alice));
        Assert.DoesNotContain(_sweep.Queue.Calls, c => c.StartsWith("postsuper", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_LocalAndRemoteFailures_AdminAlertedAndSenderToldOnlyAboutTheRemoteOne()
    {
        var file = _sweep.Add(new QueueFile
        {
            QueueId = _sweep.NewQueueId(),
            Sender = Alice,
            Recipients = [("local-side@example.test", QueueFile.LocalTls), ("remote-side@example.test", QueueFile.NotOffered)],
            HeaderLines = [$"X-PostTLS-ID: {_sweep.NewTag()}", $"From: <{Alice}>", "Subject: half and half"],
        });

        _sweep.Sweep();
        _sweep.Sweep();

        Assert.Equal("open", _sweep.StateOf(file.QueueId));
        var alert = Assert.Single(_sweep.SentTo(SweepHarness.AdminAddress));
        Assert.Contains("local-side@example.test", alert.Text, StringComparison.Ordinal);
        var notice = Assert.Single(_sweep.SentTo(Alice));
        Assert.Contains("remote-side@example.test", notice.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("local-side@example.test", notice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_AdminAlertSendmailFails_RetriedNextSweepOnce()
    {
        _sweep.Add(new QueueFile
        {
            QueueId = _sweep.NewQueueId(),
            Sender = Alice,
            Recipients = [("bob@example.test", QueueFile.LocalTls)],
            HeaderLines = [$"X-PostTLS-ID: {_sweep.NewTag()}", "Subject: x"],
        });
        _sweep.Queue.OnSendmail = (_, _, _) => new CommandResult(75, "", "sendmail: fatal: queue file write error\n");

        _sweep.Sweep();
        Assert.Empty(_sweep.Queue.Sent);
        Assert.Equal(0, _sweep.Count("notifications"));

        _sweep.Queue.OnSendmail = null;
        _sweep.Sweep();
        _sweep.Sweep();

        Assert.Single(_sweep.SentTo(SweepHarness.AdminAddress));
        Assert.Equal(1, _sweep.Count("notifications", "kind = 'admin-alert'"));
    }
}
