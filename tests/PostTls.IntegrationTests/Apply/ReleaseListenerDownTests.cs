using PostTls.IntegrationTests.Reliability;
using PostTls.IntegrationTests.TestBed;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.IntegrationTests.Apply;

/// <summary>
/// "Send without encryption" while the release listener cannot be reached: the decision stays
/// pending and the message queued (on hold), run after run, until the listener is back; then
/// the remote receives it exactly once.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class ReleaseListenerDownTests(PostfixTestBed bed)
{
    [Fact]
    public void Apply_ReleaseListenerUnreachable_DecisionPending_ThenReleasedOnce()
    {
        var stuck = StuckMail.Submit(bed, "lea");
        new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();
        stuck.Decide(SenderAction.Release);

        // master(8) keeps listening on the socket it opened; without its name no client can connect.
        var aside = bed.ReleaseSocket + ".down";
        File.Move(bed.ReleaseSocket, aside);
        var runs = 0;
        try
        {
            for (; runs < RunLength.Pick(1, 3); runs++)
            {
                var result = PostTlsProcess.Run(bed, "apply");
                Assert.True(result.ExitCode == 0, result.ToString());
                Assert.Contains("stopped at step", result.Said, StringComparison.Ordinal);
            }

            Thread.Sleep(500);
            Assert.Equal(0, stuck.Copies);
            Assert.Equal("hold", stuck.Queued?.QueueName);
            Assert.Equal(MessageState.Deciding, stuck.Tracked!.State);
            Assert.Equal(0, stuck.Mails("confirmation"));
        }
        finally
        {
            File.Move(aside, bed.ReleaseSocket);
        }

        PostTlsProcess.Succeed(bed, "apply");
        var copies = stuck.CopiesOnceSettled(TimeSpan.FromSeconds(60));
        stuck.WaitForMails("confirmation", 1);
        var lost = copies == 1 && stuck.Tracked!.State == MessageState.Closed ? 0 : 1;
        FaultReport.Record("apply", "release listener down", injected: runs, lost);
        Assert.Equal(0, lost);
    }
}
