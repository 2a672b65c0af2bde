using PostTls.Cli;
using PostTls.Run;
using PostTls.Tagging;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Apply;

/// <summary>
/// posttls apply carries out the decisions and nothing else, with the lock, the messages and
/// the exit statuses of a sweep (both are a <see cref="RunSession"/>).
/// </summary>
public sealed class ApplySessionTests : IDisposable
{
    private const string Alice = "alice@posttls.test";
    private readonly SweepHarness _sweep = new();

    public void Dispose() => _sweep.Dispose();

    [Fact]
    public void Run_DecisionInTheSpool_CarriedOutAndCountedInItsLogLine()
    {
        var file = _sweep.AddTagged(Alice, "bob@example.test");
        _sweep.Sweep();
        _sweep.Decide(file, SenderAction.Delete, Alice);

        Assert.Equal(ExitCodes.Ok, _sweep.Apply());

        Assert.Equal("closed", _sweep.StateOf(file.QueueId));
        Assert.Contains($"postsuper -d {file.QueueId}", _sweep.Queue.Calls);
        Assert.Contains("apply done: decisions=1", _sweep.Log.Lines);
        Assert.Equal(1, _sweep.Queue.ListingsStarted); // the sweep's; apply does not list the queue first
    }

    [Fact]
    public void Run_NewTlsDeferredMessage_LeftToTheSweep()
    {
        _sweep.AddTagged(Alice, "bob@example.test");

        Assert.Equal(ExitCodes.Ok, _sweep.Apply());

        Assert.Equal(0, _sweep.Count("messages"));
        Assert.Empty(_sweep.Queue.Sent);
        Assert.DoesNotContain(_sweep.Queue.Calls, c => c.StartsWith("postqueue", StringComparison.Ordinal));
        Assert.Contains("apply done: decisions=0", _sweep.Log.Lines);
    }

    [Fact]
    public void Run_DryRun_ReportsTheSummaryOfARunAndChangesNothing()
    {
        var file = _sweep.AddTagged(Alice, "bob@example.test");
        _sweep.Sweep();
        _sweep.Decide(file, SenderAction.Delete, Alice);
        var before = _sweep.Dump();

        Assert.Equal(ExitCodes.Ok, _sweep.Apply(dryRun: true));

        Assert.Equal(before, _sweep.Dump());
        Assert.EndsWith("dry run, nothing changed: queue=0, tracked=0, notices=0, actions=0, decisions=1, closed=0, skipped lines=0\n",
            _sweep.Report.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("dry run: apply done: decisions=1", _sweep.Log.Lines);
    }

    [Fact]
    public void Run_DataDirectoryMissing_ConfigProblemNamedForApply()
    {
        Directory.Delete(_sweep.DataDirectory, recursive: true);

        var problem = Assert.Throws<Problem>(() => _sweep.Apply());

        Assert.Equal(ExitCodes.Config, problem.ExitCode);
        Assert.StartsWith("posttls apply: ", problem.Message, StringComparison.Ordinal);
        Assert.Empty(_sweep.Queue.Calls);
    }

    [Fact]
    public void Run_LockHeldByASweep_ReturnsZeroAndLeavesTheDecisionToIt()
    {
        var file = _sweep.AddTagged(Alice, "bob@example.test");
        _sweep.Sweep();
        _sweep.Decide(file, SenderAction.Delete, Alice);
        var calls = _sweep.Queue.Calls.Count;
        using (RunLock.TryAcquire(_sweep.DataDirectory, _sweep.Clock))
        {
            Assert.Equal(ExitCodes.Ok, _sweep.Apply());
        }

        Assert.Equal(calls, _sweep.Queue.Calls.Count);
        Assert.Equal("open", _sweep.StateOf(file.QueueId));
        Assert.Contains(_sweep.Log.Lines, l => l.Contains("another sweep is running", StringComparison.Ordinal));
    }
}
