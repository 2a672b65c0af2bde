using PostTls.IntegrationTests.Reliability;
using PostTls.IntegrationTests.TestBed;
using PostTls.Run;

namespace PostTls.IntegrationTests.Sweep;

/// <summary>
/// A run that hangs holds the sweep lock, and every later sweep and apply stops at once. They
/// must say so at warning level, naming the holder and how long, not only "another sweep is
/// running" at info; and once the holder is gone the next sweep notifies as if nothing happened.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class WedgedRunTests(PostfixTestBed bed)
{
    [Fact]
    public void SweepAndApply_LockHeldForAnHour_WarnAndExitZero_ThenTheNextSweepNotifies()
    {
        var stuck = StuckMail.Submit(bed, "kim");
        var outcomes = new List<BoundedRun.Result>();
        using (var held = new FileStream(Path.Combine(bed.Settings().DataDirectory, RunLock.FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            held.SetLength(0);
            held.Write(new LockHolder(Environment.ProcessId, DateTimeOffset.UtcNow.AddHours(-1)).Serialize());
            held.Flush();
            outcomes.Add(BoundedRun.Run(bed, "sweep"));
            outcomes.Add(BoundedRun.Run(bed, "apply"));
        }

        Assert.Equal(0, stuck.Mails("notice"));
        PostTlsProcess.Succeed(bed, "sweep");
        stuck.WaitForMails("notice", 1);
        Thread.Sleep(1000);
        var lost = stuck.Mails("notice") == 1 ? 0 : 1;
        FaultReport.Record("sweep", "lock held 1h by a hung run: warned", injected: 1, lost);
        Assert.Equal(0, lost);
        foreach (var run in outcomes)
        {
            Assert.True(run.Outcome.ExitCode == 0, run.ToString());
            Assert.Contains($"warning: another sweep or apply (pid {Environment.ProcessId}) has held {bed.Settings().DataDirectory}/sweep.lock for 1h 0m",
                run.Outcome.Log, StringComparison.Ordinal);
        }

        Command.Run(PostfixTestBed.Tool("postsuper"), "-c", bed.Etc, "-d", stuck.QueueId).EnsureSuccess("postsuper -d");
    }
}
