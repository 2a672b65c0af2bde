using PostTls.IntegrationTests.TestBed;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.IntegrationTests.Apply;

/// <summary>
/// Three decisions in one run (two "send without encryption", one "delete"), which carries them
/// out together: one look at the queue and one postsuper -h for both releases, one look to plan
/// them, their copies, one look and one postsuper -d for all three originals. The run is killed
/// after each Postfix command in turn, the batched ones included, then run normally: each
/// release reaches the remote exactly once, the deleted message is gone and was never sent, no
/// original is deleted before its copy went out, every message is closed and every sender
/// confirmed exactly once.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class BatchCrashTests(PostfixTestBed bed)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void Run_KilledAfterEachCommandOfTheBatches_NextRunFinishesEachDecisionExactlyOnce()
    {
        // A clean run first, to learn how many Postfix commands the three decisions take.
        var total = Scenario(int.MaxValue);
        Assert.InRange(total, 6, 60);

        for (var crashAfter = 1; crashAfter < total; crashAfter++)
        {
            Scenario(crashAfter);
        }
    }

    /// <returns>The commands of the (first) run.</returns>
    private int Scenario(int crashAfter)
    {
        var when = crashAfter == int.MaxValue ? "in a clean run" : $"after a crash after command {crashAfter}";
        var releases = new[] { StuckMail.Submit(bed, "max"), StuckMail.Submit(bed, "lea") };
        var deleted = StuckMail.Submit(bed, "kim");
        new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();
        releases[0].Decide(SenderAction.Release);
        deleted.Decide(SenderAction.Delete);
        releases[1].Decide(SenderAction.Release);

        CrashingQueue? queue = null;
        var crashed = false;
        try
        {
            ApplyHarness.WithApplier(bed, q => queue = new CrashingQueue(q, crashAfter), (applier, _) => applier.Run());
        }
        catch (CrashException)
        {
            crashed = true;
        }

        if (crashed)
        {
            ApplyHarness.WithApplier(bed, q => q, (applier, _) => applier.Run());
        }

        foreach (var release in releases)
        {
            Assert.True(release.CopiesOnceSettled(Patience) == 1, $"{release.Marker}: {release.Copies} copies {when}\n{bed.PostTlsLogText()}");
            Assert.True(release.Tracked?.State == MessageState.Closed, $"{release.Marker} not closed {when}");
        }

        Poll.Until(() => deleted.Queued is null, Patience, () => $"{deleted.Marker} is still queued {when}");
        Assert.True(deleted.Copies == 0, $"{deleted.Marker} was sent {when}");
        Assert.True(deleted.Tracked?.State == MessageState.Closed, $"{deleted.Marker} not closed {when}");
        foreach (var stuck in releases.Append(deleted))
        {
            stuck.WaitForMails("confirmation", 1);
        }

        Thread.Sleep(500);
        foreach (var stuck in releases.Append(deleted))
        {
            Assert.True(stuck.Mails("confirmation") == 1, $"{stuck.Marker}: {stuck.Mails("confirmation")} confirmations {when}");
        }

        return queue!.Calls;
    }
}
