using System.Text;
using PostTls.IntegrationTests.Reliability;
using PostTls.IntegrationTests.TestBed;

namespace PostTls.IntegrationTests.Concurrency;

/// <summary>
/// Many senders' decisions arrive at once: posttls decide runs as pipe(8) runs it, 20 processes in
/// the short run and 50 with --long, spread over a few stuck messages, so most of them are
/// duplicates of the same action address. Then the published posttls apply runs: each message's
/// decision is carried out exactly once (released: one copy at the remote; deleted: gone), and
/// every duplicate is refused, never applied a second time.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class ConcurrentDecideTests(PostfixTestBed bed)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void Decide_TwentyOrFiftyAtOnceWithDuplicates_EachDecisionAppliedOnce()
    {
        var processes = RunLength.Pick(20, 50);
        var stuck = Enumerable.Range(0, RunLength.Pick(4, 10)).Select(i => Stuck(PostfixTestBed.Mailboxes[i % PostfixTestBed.Mailboxes.Length], i % 2 == 0 ? "send" : "delete")).ToList();
        new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();
        var addresses = stuck.Select(s => ActionMail.Address(Notice(s.Mailbox, s.Marker), s.Action)).ToList();
        var spoolBefore = DecisionFiles();

        var outcomes = PipeRuns.AllAtOnce(bed.Binary, Enumerable.Range(0, processes).Select(i =>
        {
            var (mailbox, _, _, _) = stuck[i % stuck.Count];
            var sender = $"{mailbox}@{PostfixTestBed.LocalDomain}";
            return new PipeRuns.Run(["decide", "--config", bed.ConfigFile, "-f", sender, "--", addresses[i % stuck.Count]],
                Encoding.ASCII.GetBytes($"From: <{sender}>\nSubject: decision {i}\n\n"));
        }).ToList());
        Assert.All(outcomes, o => Assert.True(o.ExitCode == 0, $"status {o.ExitCode}: {o.Output}"));
        Assert.Equal(processes, DecisionFiles().Except(spoolBefore).Count());

        Command.Run(bed.Binary, "apply", "--config", bed.ConfigFile).EnsureSuccess("posttls apply");
        foreach (var s in stuck)
        {
            Poll.Until(() => bed.QueuedFor(s.Recipient) is null, Patience, () => $"{s.Recipient} is still queued\n{bed.PostTlsLogText()}");
        }

        Command.Run(bed.Binary, "apply", "--config", bed.ConfigFile).EnsureSuccess("posttls apply (again)");
        Thread.Sleep(1500); // a second copy would arrive within a second on this bed
        var wrong = stuck.Count(s => bed.SinkMessagesContaining(s.Marker).Count != (s.Action == "send" ? 1 : 0)
            || AuditTrail.Of(bed, s.Marker, "action").Count(a => a == "decision accepted") != 1);
        FaultReport.Record("concurrency", $"{processes} decide processes at once ({stuck.Count} messages)", processes, wrong);

        Assert.Empty(DecisionFiles());
        for (var i = 0; i < stuck.Count; i++)
        {
            var s = stuck[i];
            var sent = processes / stuck.Count + (i < processes % stuck.Count ? 1 : 0);
            var actions = AuditTrail.Of(bed, s.Marker, "action");
            Assert.Single(actions, a => a == "decision accepted");
            Assert.Equal(sent - 1, actions.Count(a => a == "decision refused"));
            Assert.Equal(s.Action == "send" ? 1 : 0, bed.SinkMessagesContaining(s.Marker).Count);
        }
    }

    private string[] DecisionFiles() => Directory.GetFiles(bed.Settings().SpoolDirectory, "*.decision");

    private (string Mailbox, string Marker, string Recipient, string Action) Stuck(string mailbox, string action)
    {
        var (marker, recipient) = StuckMail.Submit(bed, mailbox);
        return (mailbox, marker, recipient, action);
    }

    private string Notice(string mailbox, string marker) => SenderSide.MailAbout(bed, mailbox, marker, "X-PostTLS-Notice: notice");
}
