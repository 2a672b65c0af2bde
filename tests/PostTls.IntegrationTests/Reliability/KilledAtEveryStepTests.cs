using PostTls.IntegrationTests.TestBed;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.IntegrationTests.Reliability;

/// <summary>
/// The published sweep and apply really killed (SIGKILL) right after their N-th Postfix command
/// (postqueue, postcat, postsuper, postconf, postmap or sendmail), for N = 1, 2, 3, …; then run
/// normally. Each message ends exactly once where the decision says: one copy at the remote,
/// or deleted. The notice and the confirmation go out exactly once: each is recorded before it
/// is handed to sendmail, so no kill after a command can double it (a kill between the record and
/// sendmail could lose it, the documented at-most-once; it falls between commands, so not here).
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class KilledAtEveryStepTests(PostfixTestBed bed)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void Sweep_KilledAfterEachCommand_NextRunsFinishExactlyOnce() => KillAtSteps("sweep", SweepScenario);

    [Fact]
    public void Apply_KilledAfterEachCommand_NextRunFinishesExactlyOnce() => KillAtSteps("apply", ApplyScenario);

    /// <summary>
    /// A clean run of the scenario counts its commands; then it is run once per step, killed after
    /// that command, with "send without encryption" and "delete" taking turns.
    /// </summary>
    private static void KillAtSteps(string area, Func<int, SenderAction, (int Killed, int Calls, int Lost)> scenario)
    {
        var total = scenario(int.MaxValue, SenderAction.Release).Calls;
        Assert.InRange(total, 6, 200);
        var kills = 0;
        var lost = 0;
        foreach (var call in Steps(total))
        {
            // The last step is the clean run's last command: only the same decision reaches it.
            var action = call % 2 == 0 && call != total ? SenderAction.Delete : SenderAction.Release;
            var (killed, _, messageLost) = scenario(call, action);
            kills += killed;
            lost += messageLost;
        }

        FaultReport.Record(area, "SIGKILL after a Postfix command", kills, lost);
        Assert.True(kills > 0, "no run was killed");
        Assert.Equal(0, lost);
    }

    /// <summary>Every step with --long; otherwise the middle one and the last (the confirmation's sendmail).</summary>
    private static IEnumerable<int> Steps(int total) =>
        RunLength.IsLong ? Enumerable.Range(1, total) : new[] { (total + 1) / 2, total }.Distinct();

    /// <summary>
    /// A sweep killed after its call-th command tracks and notifies; the sender decides; a second
    /// sweep killed the same way applies the decision; normal sweeps finish.
    /// </summary>
    private (int Killed, int Calls, int Lost) SweepScenario(int call, SenderAction action)
    {
        var stuck = StuckMail.Submit(bed, "alice");
        using var faults = new ToolFaults(bed);
        faults.KillParentAfter(call);
        var killed = 0;
        var calls = 0;
        bed.SetPostTlsConfig($"notify_service =\nsendmail_path = {faults.SendmailPath}\n");
        try
        {
            killed += KilledOrDone(PostTlsProcess.Run(bed, "sweep", faults));
            calls = faults.Calls;
            if (stuck.Tracked is null)
            {
                PostTlsProcess.Succeed(bed, "sweep"); // the run after the crash
            }

            stuck.Decide(action);
            faults.ResetCalls();
            killed += KilledOrDone(PostTlsProcess.Run(bed, "sweep", faults));
            calls = Math.Max(calls, faults.Calls); // each run is killed after its own call-th command
        }
        finally
        {
            bed.SetPostTlsConfig();
        }

        PostTlsProcess.Succeed(bed, "sweep");
        return (killed, calls, Lost(stuck, action, $"sweep killed after command {call}"));
    }

    /// <summary>An apply killed after its call-th command while it carries out the decision; then a normal apply.</summary>
    private (int Killed, int Calls, int Lost) ApplyScenario(int call, SenderAction action)
    {
        var stuck = StuckMail.Submit(bed, "alice");
        new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();
        stuck.Decide(action);
        using var faults = new ToolFaults(bed);
        faults.KillParentAfter(call);
        int killed;
        bed.SetPostTlsConfig($"notify_service =\nsendmail_path = {faults.SendmailPath}\n");
        try
        {
            killed = KilledOrDone(PostTlsProcess.Run(bed, "apply", faults));
        }
        finally
        {
            bed.SetPostTlsConfig();
        }

        PostTlsProcess.Succeed(bed, "apply");
        return (killed, faults.Calls, Lost(stuck, action, $"apply killed after command {call}"));
    }

    private static int KilledOrDone(PostTlsProcess.Outcome result)
    {
        Assert.True(result.ExitCode is 0 or PostTlsProcess.Killed, result.ToString());
        return result.ExitCode == PostTlsProcess.Killed ? 1 : 0;
    }

    /// <summary>1 when the message did not end exactly once where the decision says; asserts the notices.</summary>
    private static int Lost(StuckMail stuck, SenderAction action, string when)
    {
        var copies = stuck.CopiesOnceSettled(Patience);
        stuck.WaitForMails("notice", 1);
        stuck.WaitForMails("confirmation", 1);
        Thread.Sleep(500);
        Assert.True(stuck.Mails("notice") == 1, $"{stuck.Mails("notice")} notices, {when}");
        Assert.True(stuck.Mails("confirmation") == 1, $"{stuck.Mails("confirmation")} confirmations, {when}");
        var wanted = action == SenderAction.Release ? 1 : 0;
        return copies == wanted && stuck.Tracked?.State == MessageState.Closed ? 0 : 1;
    }
}
