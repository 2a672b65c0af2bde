using PostTls.Postfix;
using PostTls.Tagging;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Apply;

/// <summary>
/// The decisions of one run go through each step together: one postcat for all before the
/// delete and one postsuper -d for all, whatever their number; a batched command that fails
/// stops the decisions of its batch, which the next run finishes; a decision that arrives
/// while the run is busy is carried out by the same run.
/// </summary>
public sealed class DecisionStepsBatchTests : IDisposable
{
    private static readonly string[] Senders = ["alice@posttls.test", "carol@posttls.test", "erin@posttls.test"];
    private readonly SweepHarness _sweep = new();

    public void Dispose() => _sweep.Dispose();

    [Fact]
    public void Apply_ThreeDeletes_OneLookAndOnePostsuperForAll()
    {
        var files = Senders.Select(s => _sweep.AddTagged(s, "bob@example.test")).ToList();
        _sweep.Sweep();
        foreach (var (file, sender) in files.Zip(Senders))
        {
            _sweep.Clock.Now += TimeSpan.FromSeconds(1); // decision files are taken oldest first
            _sweep.Decide(file, SenderAction.Delete, sender);
        }

        _sweep.Queue.Calls.Clear();
        _sweep.Apply();

        var ids = string.Join(' ', files.Select(f => f.QueueId));
        Assert.Equal(["postcat " + ids, "postcat " + ids, $"postsuper -d {string.Join(' ', files.Select(f => f.QueueId))}"],
            _sweep.Queue.Calls.Where(c => c.StartsWith("post", StringComparison.Ordinal)));
        Assert.All(files, f => Assert.Equal("closed", _sweep.StateOf(f.QueueId)));
        Assert.All(Senders, s => Assert.Equal(2, _sweep.SentTo(s).Count)); // the notice and the confirmation
    }

    [Fact]
    public void Apply_BatchedPostsuperFails_AllWait_NextRunDeletesEachOnce()
    {
        var files = Senders.Select(s => _sweep.AddTagged(s, "bob@example.test")).ToList();
        _sweep.Sweep();
        foreach (var (file, sender) in files.Zip(Senders))
        {
            _sweep.Decide(file, SenderAction.Delete, sender);
        }

        // The run fails after postsuper deleted the first: as if it was killed in the middle of the batch.
        _sweep.Queue.OnPostsuper = (_, id) => id == files[1].QueueId ? new CommandResult(1, "", "postsuper: fatal: simulated failure\n") : null;
        _sweep.Apply();

        Assert.Null(_sweep.Queue.Find(files[0].QueueId));
        Assert.All(files, f => Assert.Equal("deciding", _sweep.StateOf(f.QueueId)));
        Assert.All(Senders, s => Assert.Single(_sweep.SentTo(s))); // the notice only

        _sweep.Queue.OnPostsuper = null;
        _sweep.Apply();

        Assert.All(files, f => Assert.Null(_sweep.Queue.Find(f.QueueId)));
        Assert.All(files, f => Assert.Equal("closed", _sweep.StateOf(f.QueueId)));
        Assert.All(Senders, s => Assert.Equal(2, _sweep.SentTo(s).Count));
    }

    [Fact]
    public void Apply_DecisionArrivesDuringTheRun_SameRunCarriesItOut()
    {
        var first = _sweep.AddTagged(Senders[0], "bob@example.test");
        var late = _sweep.AddTagged(Senders[1], "dave@example.test");
        _sweep.Sweep();
        _sweep.Decide(first, SenderAction.Delete, Senders[0]);
        _sweep.Queue.OnPostsuper = (_, id) =>
        {
            if (id == first.QueueId)
            {
                _sweep.Clock.Now += TimeSpan.FromSeconds(1);
                _sweep.Decide(late, SenderAction.Delete, Senders[1]);
            }

            return null;
        };

        _sweep.Apply();

        Assert.Equal("closed", _sweep.StateOf(first.QueueId));
        Assert.Equal("closed", _sweep.StateOf(late.QueueId));
        Assert.Contains(_sweep.Log.Lines, l => l.EndsWith("apply done: decisions=2", StringComparison.Ordinal));
    }
}
