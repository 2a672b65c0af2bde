using PostTls.IntegrationTests.TestBed;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.IntegrationTests.Apply;

/// <summary>
/// "Send without encryption" killed after each Postfix command in turn: the next run finishes
/// the job, the remote receives the message exactly once, and nothing is lost.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class ReleaseCrashTests(PostfixTestBed bed)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void Release_KilledAfterEachCommand_NextRunCompletesExactlyOnce()
    {
        // A clean run first, to learn how many Postfix commands one release takes.
        var total = CommandsOfOneRelease();
        Assert.InRange(total, 5, 40);

        for (var crashAfter = 1; crashAfter < total; crashAfter++)
        {
            var stuck = Stuck("max");
            var point = crashAfter;
            Assert.Throws<CrashException>(() => ApplyHarness.WithApplier(bed, q => new CrashingQueue(q, point), (applier, _) =>
                applier.Decide(stuck.Message, SenderAction.Release, Actor.Admin("crash-test"))));

            ApplyHarness.WithApplier(bed, q => q, (applier, _) => applier.Run());

            AssertDeliveredOnce(stuck, $"after a crash after command {crashAfter} of {total}");
        }
    }

    private int CommandsOfOneRelease()
    {
        var stuck = Stuck("max");
        CrashingQueue? queue = null;
        ApplyHarness.WithApplier(bed, q => queue = new CrashingQueue(q, int.MaxValue), (applier, _) =>
            applier.Decide(stuck.Message, SenderAction.Release, Actor.Admin("crash-test")));
        AssertDeliveredOnce(stuck);
        return queue!.Calls;
    }

    private (string Marker, string Recipient, TrackedMessage Message) Stuck(string mailbox)
    {
        var (marker, recipient) = StuckMail.Submit(bed, mailbox);
        new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();
        return (marker, recipient, ApplyHarness.Tracked(bed, marker));
    }

    private void AssertDeliveredOnce((string Marker, string Recipient, TrackedMessage Message) stuck, string when = "")
    {
        Poll.Until(() => bed.SinkMessagesContaining(stuck.Marker).Count > 0, Patience, () => $"{stuck.Marker} never arrived {when}\n{bed.PostTlsLogText()}");
        Poll.Until(() => bed.QueuedFor(stuck.Recipient) is null, Patience, () => $"{stuck.Marker} is still queued {when}");
        Thread.Sleep(500);
        Assert.True(bed.SinkMessagesContaining(stuck.Marker).Count == 1, $"{stuck.Marker} arrived {bed.SinkMessagesContaining(stuck.Marker).Count} times {when}");
        Assert.Equal(MessageState.Closed, ApplyHarness.Tracked(bed, stuck.Marker).State);
    }
}
