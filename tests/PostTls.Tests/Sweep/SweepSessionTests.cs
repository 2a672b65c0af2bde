using PostTls.Cli;
using PostTls.Postfix;
using PostTls.Run;
using PostTls.State;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Sweep;

public sealed class SweepSessionTests : IDisposable
{
    private const string Alice = "alice@posttls.test";
    private readonly SweepHarness _sweep = new();

    public void Dispose() => _sweep.Dispose();

    private void AssertNothingActed(int callsBefore = 0)
    {
        var calls = _sweep.Queue.Calls.Skip(callsBefore).ToList();
        Assert.DoesNotContain(calls, c => c.StartsWith("sendmail", StringComparison.Ordinal));
        Assert.DoesNotContain(calls, c => c.StartsWith("postsuper", StringComparison.Ordinal));
        Assert.DoesNotContain(calls, c => c.StartsWith("postqueue -i", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_OneTaggedMessage_TrackedAndSenderNotifiedOnce()
    {
        var file = _sweep.AddTagged(Alice, "bob@example.test");

        Assert.Equal(ExitCodes.Ok, _sweep.Sweep());
        Assert.Equal(ExitCodes.Ok, _sweep.Sweep());

        Assert.Equal("open", _sweep.StateOf(file.QueueId));
        var notice = Assert.Single(_sweep.Queue.Sent);
        Assert.Equal(Alice, notice.Recipient);
        Assert.Equal("", notice.EnvelopeSender);
        Assert.Contains("posttls-send-", notice.Text, StringComparison.Ordinal);
        Assert.Equal(1, _sweep.Count("notifications", "kind = 'notice'"));
        Assert.Equal(2, _sweep.Queue.ListingsStarted); // each sweep starts its listing early
        Assert.Equal(2, _sweep.Queue.Disposals);
    }

    [Fact]
    public void Run_PostqueueFailsOnFreshDatabase_Problem75NoRowsNoAction()
    {
        _sweep.AddTagged(Alice, "bob@example.test");
        _sweep.Queue.OnListQueue = () => throw new PostfixException("postqueue -c /etc/postfix-under-test -j failed: postqueue: fatal: Queue report unavailable - mail system is down");

        var problem = Assert.Throws<Problem>(() => _sweep.Sweep());

        Assert.Equal(ExitCodes.TempFail, problem.ExitCode);
        Assert.Contains("mail system is down", problem.Message, StringComparison.Ordinal);
        Assert.Equal(0, _sweep.Count("messages"));
        Assert.Equal(0, _sweep.Count("audit_log"));
        Assert.Equal(0, _sweep.Count("notifications"));
        Assert.Equal(["postqueue -j"], _sweep.Queue.Calls);
    }

    [Fact]
    public void Run_PostqueueHung_WarningNotErrorAndNothingActed()
    {
        _sweep.AddTagged(Alice, "bob@example.test");
        _sweep.Queue.OnListQueue = () => throw new PostfixException(
            "postqueue -c /etc/postfix-under-test -j failed: /usr/sbin/postqueue did not finish within 120 s and was killed (postfix_command_time_limit)")
        {
            TimedOut = true,
        };

        var problem = Assert.Throws<Problem>(() => _sweep.Sweep());

        Assert.Equal(ExitCodes.TempFail, problem.ExitCode);
        var line = Assert.Single(_sweep.Log.Lines, l => l.Contains("did not finish within", StringComparison.Ordinal));
        Assert.StartsWith("warning: ", line, StringComparison.Ordinal);
        Assert.Contains("postfix_command_time_limit", line, StringComparison.Ordinal);
        Assert.Equal(0, _sweep.Count("messages"));
        AssertNothingActed();
    }

    [Fact]
    public void Run_PostcatHung_StopsReadingWarnsOnceAndTheNextSweepGoesOn()
    {
        _sweep.AddTagged(Alice, "bob@example.test");
        _sweep.AddTagged(Alice, "carol@example.test");
        _sweep.Queue.OnPostcat = _ => new CommandResult(ExternalCommand.TimedOutCode, "", "/usr/sbin/postcat did not finish within 120 s and was killed");

        Assert.Equal(ExitCodes.Ok, _sweep.Sweep());

        Assert.Equal(1, _sweep.Queue.CallCount("postcat"));
        var warning = Assert.Single(_sweep.Log.Lines, l => l.Contains("postcat did not finish", StringComparison.Ordinal));
        Assert.StartsWith("warning: ", warning, StringComparison.Ordinal);
        Assert.Contains("2 messages not read in this run", warning, StringComparison.Ordinal);
        Assert.Empty(_sweep.Queue.Sent);

        _sweep.Queue.OnPostcat = null;
        Assert.Equal(ExitCodes.Ok, _sweep.Sweep());
        Assert.Equal(2, _sweep.Queue.Sent.Count);
    }

    [Fact]
    public void Run_PostqueueFailsAfterEarlierSweep_DatabaseUnchangedNothingClosed()
    {
        _sweep.AddTagged(Alice, "bob@example.test");
        _sweep.Sweep();
        var before = _sweep.Dump();
        var calls = _sweep.Queue.Calls.Count;
        _sweep.Clock.Now += TimeSpan.FromDays(10); // deadline, reminders and "left the queue" would all be due
        _sweep.Queue.OnListQueue = () => throw new PostfixException("postqueue failed: timed out");

        var problem = Assert.Throws<Problem>(() => _sweep.Sweep());

        Assert.Equal(ExitCodes.TempFail, problem.ExitCode);
        Assert.Equal(before, _sweep.Dump());
        AssertNothingActed(calls);
        Assert.Equal(["postqueue -j"], _sweep.Queue.Calls.Skip(calls));
    }

    [Fact]
    public void Run_DatabaseIsNotSqlite_Problem75NamingTheFileNoPostfixCommand()
    {
        _sweep.AddTagged(Alice, "bob@example.test");
        File.WriteAllText(_sweep.DatabasePath, "this is not a database, just text that fills a page. " + new string('x', 4096));

        var problem = Assert.Throws<Problem>(() => _sweep.Sweep());

        Assert.Equal(ExitCodes.TempFail, problem.ExitCode);
        Assert.Contains(StateDatabase.FileName, problem.Message, StringComparison.Ordinal);
        Assert.Empty(_sweep.Queue.Calls);
        // The listing was started before the database was opened, and the run's end disposes of it (the real queue kills it unread).
        Assert.Equal(1, _sweep.Queue.ListingsStarted);
        Assert.Equal(1, _sweep.Queue.Disposals);
        Assert.StartsWith("this is not a database", File.ReadAllText(_sweep.DatabasePath), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SecretKeyMissing_Problem75NoPostfixCommand()
    {
        File.Delete(_sweep.Settings.SecretKeyFile);

        var problem = Assert.Throws<Problem>(() => _sweep.Sweep());

        Assert.Equal(ExitCodes.TempFail, problem.ExitCode);
        Assert.Contains(_sweep.Settings.SecretKeyFile, problem.Message, StringComparison.Ordinal);
        Assert.Empty(_sweep.Queue.Calls);
    }

    [Fact]
    public void Run_DataDirectoryMissing_ConfigProblem()
    {
        Directory.Delete(_sweep.DataDirectory, recursive: true);

        var problem = Assert.Throws<Problem>(() => _sweep.Sweep());

        Assert.Equal(ExitCodes.Config, problem.ExitCode);
        Assert.Empty(_sweep.Queue.Calls);
    }

    [Fact]
    public void Run_LockHeldByAnotherSweep_ReturnsZeroAtOnceWithoutTouchingTheQueue()
    {
        _sweep.AddTagged(Alice, "bob@example.test");
        using (new FileStream(Path.Combine(_sweep.DataDirectory, RunLock.FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            Assert.Equal(ExitCodes.Ok, _sweep.Sweep());

            Assert.Empty(_sweep.Queue.Calls);
            Assert.False(File.Exists(_sweep.DatabasePath));
            Assert.Contains(_sweep.Log.Lines, l => l.Contains("another sweep is running", StringComparison.Ordinal));
        }

        // Released: the next sweep runs.
        Assert.Equal(ExitCodes.Ok, _sweep.Sweep());
        Assert.Single(_sweep.Queue.Sent);
    }

    [Fact]
    public void Run_LockHeldLongerThanExpected_WarningNamesTheHolderAndHowLong_ExitZero()
    {
        _sweep.AddTagged(Alice, "bob@example.test");
        using (var held = new FileStream(Path.Combine(_sweep.DataDirectory, RunLock.FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            held.Write(new LockHolder(4711, _sweep.Clock.Now - TimeSpan.FromMinutes(47)).Serialize());
            held.Flush();

            Assert.Equal(ExitCodes.Ok, _sweep.Sweep());

            Assert.Empty(_sweep.Queue.Calls);
            var warning = Assert.Single(_sweep.Log.Lines, l => l.StartsWith("warning: ", StringComparison.Ordinal));
            Assert.Contains("another sweep or apply (pid 4711) has held", warning, StringComparison.Ordinal);
            Assert.Contains("for 47m 0s, since 2026-11-22 09:13:00 UTC", warning, StringComparison.Ordinal);
        }

        Assert.Equal(ExitCodes.Ok, _sweep.Sweep());
        Assert.Single(_sweep.Queue.Sent);
    }

    [Fact]
    public void Run_LockHeldWithinTheExpectedTime_InfoLineOnly()
    {
        using var held = new FileStream(Path.Combine(_sweep.DataDirectory, RunLock.FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        held.Write(new LockHolder(4711, _sweep.Clock.Now - RunLock.ExpectedHoldTime).Serialize());
        held.Flush();

        Assert.Equal(ExitCodes.Ok, _sweep.Sweep());

        Assert.Equal(["another sweep is running; this one stops"], _sweep.Log.Lines);
    }

    [Fact]
    public void Run_TakesTheLock_WritesItsPidAndStartIntoTheLockFile()
    {
        Assert.Equal(ExitCodes.Ok, _sweep.Sweep());

        Assert.Equal(new LockHolder(Environment.ProcessId, _sweep.Clock.Now),
            LockHolder.Parse(File.ReadAllText(Path.Combine(_sweep.DataDirectory, RunLock.FileName))));
    }

    [Fact]
    public void Run_DryRunWithoutDatabase_NoCommandThatActsAndNoDatabaseCreated()
    {
        _sweep.AddTagged(Alice, "bob@example.test");

        Assert.Equal(ExitCodes.Ok, _sweep.Sweep(dryRun: true));

        AssertNothingActed();
        Assert.False(File.Exists(_sweep.DatabasePath));
        Assert.Contains("would send a notice to <alice@posttls.test>", _sweep.Report, StringComparison.Ordinal);
        Assert.Contains("dry run, nothing changed", _sweep.Report, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_DryRunWithEverythingDue_NoCommandThatActsAndDatabaseUnchanged()
    {
        var due = _sweep.AddTagged(Alice, "bob@example.test");
        var leaving = _sweep.AddTagged("carol@posttls.test", "dave@example.test");
        _sweep.Sweep();
        var before = _sweep.Dump();
        var calls = _sweep.Queue.Calls.Count;
        // The deadline of the first is due, the second left the queue, a third is new.
        _sweep.Clock.Now += TimeSpan.FromDays(4);
        _sweep.Queue.Files.Remove(leaving);
        var added = _sweep.AddTagged("erin@posttls.test", "frank@example.test");

        Assert.Equal(ExitCodes.Ok, _sweep.Sweep(dryRun: true));

        AssertNothingActed(calls);
        Assert.Equal(before, _sweep.Dump());
        Assert.Contains($"would run postsuper -f {due.QueueId}", _sweep.Report, StringComparison.Ordinal);
        Assert.Contains("would send a notice to <erin@posttls.test>", _sweep.Report, StringComparison.Ordinal);

        // The dry run took nothing away from the real sweep that follows.
        _sweep.Sweep();
        Assert.Contains($"postsuper -f {due.QueueId}", _sweep.Queue.Calls);
        Assert.Single(_sweep.SentTo("erin@posttls.test"));
        Assert.Equal("open", _sweep.StateOf(added.QueueId));
        Assert.Equal(1, _sweep.Count("messages", $"queue_id = '{leaving.QueueId}' AND missing_since IS NOT NULL"));
    }
}
