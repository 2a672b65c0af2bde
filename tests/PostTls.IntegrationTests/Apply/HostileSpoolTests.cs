using PostTls.IntegrationTests.Reliability;
using PostTls.IntegrationTests.TestBed;
using PostTls.State;
using PostTls.Tagging;
using PostTls.Unix;

namespace PostTls.IntegrationTests.Apply;

/// <summary>
/// Code running as user posttls owns the spool and may plant anything at every name root's
/// apply reads or writes there. The published apply (as the path unit runs it) must leave every
/// root-owned target as it was, finish within seconds with flat memory, carry out the real
/// decision beside the junk, keep done/ root's so decide can see the decision was carried out;
/// and the next sweep must still notify.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class HostileSpoolTests(PostfixTestBed bed)
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(20);
    private const long PeakKilobytes = 100 * 1024; // a normal run: about 35 MiB

    public static TheoryData<string> Kinds => new(HostileSpool.Kinds);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Apply_EntryPlantedByPosttls_TargetsUnchangedBoundedAndTheRealDecisionCarriedOut(string kind)
    {
        var stuck = Notified("judy");
        using var hostile = new HostileSpool(bed);
        hostile.Plant(kind, stuck.Tracked!.Key);
        stuck.Decide(SenderAction.Delete);

        var problems = Bounded(hostile, kind, "apply", out var run);
        if (stuck.Queued is not null || stuck.Tracked!.State != MessageState.Closed)
        {
            problems.Add($"the real decision was not carried out: {stuck.Queued}, state {stuck.Tracked!.State}");
        }

        problems.AddRange(DoneProblems(hostile, stuck));
        FaultReport.Record("spool", $"{kind}: apply", injected: 1, lost: problems.Count == 0 ? 0 : 1);
        Assert.True(problems.Count == 0, $"{kind}:\n{string.Join("\n", problems)}\n{run}");
        if (!kind.StartsWith("done/", StringComparison.Ordinal) && !kind.StartsWith(".tmp-", StringComparison.Ordinal))
        {
            Assert.Contains("warning: 00000000000001-", run.Outcome.Log, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Sweep_EveryKindAtOnce_NextSweepStillNotifiesAndReleases()
    {
        var decided = Notified("judy");
        using var hostile = new HostileSpool(bed);
        foreach (var kind in HostileSpool.Kinds)
        {
            hostile.Plant(kind, decided.Tracked!.Key);
        }

        decided.Decide(SenderAction.Release);
        var waiting = StuckMail.Submit(bed, "judy");

        var problems = Bounded(hostile, "all at once", "sweep", out var run);
        waiting.WaitForMails("notice", 1);
        if (decided.CopiesOnceSettled(TimeSpan.FromSeconds(60)) != 1)
        {
            problems.Add($"{decided.Copies} copies released, not 1");
        }

        problems.AddRange(DoneProblems(hostile, decided));
        FaultReport.Record("spool", "all of them at once: sweep", injected: HostileSpool.Kinds.Length, lost: problems.Count == 0 ? 0 : 1);
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + run);
        Command.Run(PostfixTestBed.Tool("postsuper"), "-c", bed.Etc, "-d", waiting.QueueId).EnsureSuccess("postsuper -d");
    }

    /// <summary>Runs the published command bounded; what went wrong with the run or the targets.</summary>
    private List<string> Bounded(HostileSpool hostile, string kind, string command, out BoundedRun.Result run)
    {
        try
        {
            run = BoundedRun.Run(bed, command);
        }
        catch (TimeoutException e)
        {
            FaultReport.Record("spool", $"{kind}: {command}", injected: 1, lost: 1);
            throw new TimeoutException($"{kind}: posttls {command} hung: {e.Message}\nchanges: {string.Join("\n", hostile.Changes())}", e);
        }

        var problems = hostile.Changes().ToList();
        if (run.Outcome.ExitCode != 0)
        {
            problems.Add($"exit status {run.Outcome.ExitCode}");
        }

        if (run.Elapsed > Quick)
        {
            problems.Add($"took {run.Elapsed.TotalSeconds:0} s");
        }

        if (run.PeakKilobytes > PeakKilobytes)
        {
            problems.Add($"peak RSS {run.PeakKilobytes} KiB");
        }

        if (hostile.Spool is var spool && Directory.GetFileSystemEntries(spool, "*.decision").Length != 0)
        {
            problems.Add("left in the spool: " + string.Join(" ", Directory.GetFileSystemEntries(spool, "*.decision").Select(Path.GetFileName)));
        }

        return problems;
    }

    /// <summary>done/ is root's again, with the marker, and decide (as posttls) bounces a replay at once.</summary>
    private List<string> DoneProblems(HostileSpool hostile, StuckMail stuck)
    {
        var problems = new List<string>();
        var status = FileStatus.OfLink(hostile.Done);
        if (status is not { IsDirectory: true, UserId: 0 } || status.OctalMode != "0755")
        {
            problems.Add($"done/ is not root's 0755 directory: {status}");
        }

        var address = ActionTokens.CreateLocalPart(bed.Key, SenderAction.Delete, stuck.Tracked!.Key, stuck.Sender, DateTimeOffset.UtcNow.AddDays(1))
            + "@" + PostfixTestBed.ActionDomain;
        var replay = Command.Run("runuser", ["-u", PostfixTestBed.ServiceUser, "--", "env", "-i", bed.Binary, "decide", "--config", bed.ConfigFile,
            "-f", stuck.Sender, "--", address], [], timeout: Quick);
        if (!replay.Output.Contains("a decision for this message was already carried out", StringComparison.Ordinal))
        {
            problems.Add("decide did not see the decision carried out: " + Command.Describe(replay));
        }

        return problems;
    }

    /// <summary>Stuck and tracked, its sender notified (by an in-process sweep, before anything is planted).</summary>
    private StuckMail Notified(string mailbox)
    {
        var stuck = StuckMail.Submit(bed, mailbox);
        new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();
        return stuck;
    }
}
