using PostTls.IntegrationTests.Reliability;
using PostTls.IntegrationTests.TestBed;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.IntegrationTests.Apply;

/// <summary>
/// The published apply, run as the systemd path unit runs it, with a Postfix command broken
/// while it carries out a sender's decision: the decision stops where it is (logged as an
/// error), nothing is released or deleted that should not be, and the first run after the
/// fault is gone carries it out exactly once.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class ApplyFaultTests(PostfixTestBed bed)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The short variant leaves out the faults whose path another case already takes.</summary>
    public static TheoryData<string, string, string?> Faults
    {
        get
        {
            var faults = new TheoryData<string, string, string?>
            {
                { "release", "postsuper", "-h" },
                { "release", "postcat", null },
                { "release", "postmap", null },
                { "release", "postsuper", "-d" },
                { "delete", "postsuper", "-d" },
            };
            if (RunLength.IsLong)
            {
                faults.Add("release", "postconf", null);
                faults.Add("delete", "postcat", null);
            }

            return faults;
        }
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public void Apply_PostfixCommandFails_DecisionWaits_ThenCarriedOutOnce(string decision, string tool, string? argument)
    {
        var action = decision == "release" ? SenderAction.Release : SenderAction.Delete;
        var stuck = Notified("lea");
        stuck.Decide(action);

        using (var faults = new ToolFaults(bed))
        {
            faults.Fail(tool, argument);
            var result = PostTlsProcess.Run(bed, "apply", faults);
            // Without postconf nothing can start (75); a decision that stops half way is an error line, exit 0.
            Assert.True(result.ExitCode == (tool == "postconf" ? 75 : 0), result.ToString());
            Assert.Contains("simulated failure", result.Said, StringComparison.Ordinal);
        }

        // Only the deletion of the original may have been missed: then its copy is already out.
        var copiesAllowed = action == SenderAction.Release && argument == "-d" ? 1 : 0;
        Thread.Sleep(500);
        Assert.True(stuck.Copies <= copiesAllowed, $"{stuck.Copies} copies after the fault");
        Assert.NotNull(stuck.Queued);
        Assert.NotEqual(MessageState.Closed, stuck.Tracked!.State);
        Assert.Equal(0, stuck.Mails("confirmation"));

        PostTlsProcess.Succeed(bed, "apply");
        var lost = Settled(stuck, action);
        FaultReport.Record("apply", $"{decision}: {tool}{(argument is null ? "" : " " + argument)} fails", injected: 1, lost);
        Assert.Equal(0, lost);
    }

    [Fact]
    public void Apply_PostsuperUnholdFailsOnRefusedRelease_MessageNotLeftOnHold()
    {
        // The recipient's domain becomes never-insecure after the notice: the release is refused,
        // and the held message must go back to the deferred queue, not stay on hold for good.
        var domain = $"n{TestMessage.NewMarker()}.{PostfixTestBed.TlsDomain}";
        var stuck = Notified("lea", domain);
        Command.Run(bed.Binary, "domains", "add", domain, "--config", bed.ConfigFile).EnsureSuccess("domains add");
        try
        {
            stuck.Decide(SenderAction.Release);
            using (var faults = new ToolFaults(bed))
            {
                faults.Fail("postsuper", "-H");
                var result = PostTlsProcess.Run(bed, "apply", faults);
                Assert.True(result.ExitCode == 0, result.ToString());
                Assert.Contains("postsuper -H", result.Said, StringComparison.Ordinal);
            }

            Assert.Equal(MessageState.Deciding, stuck.Tracked!.State);
            PostTlsProcess.Succeed(bed, "apply");
            stuck.WaitForMails("confirmation", 1);
        }
        finally
        {
            Command.Run(bed.Binary, "domains", "remove", domain, "--config", bed.ConfigFile);
        }

        Thread.Sleep(500);
        var lost = stuck.Queued?.QueueName != "deferred" || stuck.Copies != 0 || stuck.Mails("confirmation") != 1 ? 1 : 0;
        FaultReport.Record("apply", "refused release: postsuper -H fails", injected: 1, lost);
        Assert.Equal(0, lost);
        Command.Run(PostfixTestBed.Tool("postsuper"), "-c", bed.Etc, "-d", stuck.QueueId).EnsureSuccess("postsuper -d");
    }

    /// <summary>Stuck and tracked, its sender notified (by an in-process sweep).</summary>
    private StuckMail Notified(string mailbox, string domain = PostfixTestBed.TlsDomain)
    {
        var stuck = StuckMail.Submit(bed, mailbox, domain);
        new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();
        return stuck;
    }

    /// <summary>1 when the message did not end where the decision says (one copy at the remote, or none), else 0.</summary>
    private static int Settled(StuckMail stuck, SenderAction action)
    {
        var copies = stuck.CopiesOnceSettled(Patience);
        stuck.WaitForMails("confirmation", 1);
        var wanted = action == SenderAction.Release ? 1 : 0;
        return copies == wanted && stuck.Tracked!.State == MessageState.Closed && stuck.Mails("confirmation") == 1 ? 0 : 1;
    }
}
