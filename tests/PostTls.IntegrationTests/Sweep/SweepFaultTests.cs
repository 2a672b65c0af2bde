using PostTls.IntegrationTests.Reliability;
using PostTls.IntegrationTests.TestBed;
using PostTls.State;

namespace PostTls.IntegrationTests.Sweep;

/// <summary>
/// The published sweep, run as cron runs it, with postqueue, postcat or postsuper broken:
/// it says so, acts on nothing it cannot be sure of, and the first run after the fault is
/// gone finishes the job, with one notice per message.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class SweepFaultTests(PostfixTestBed bed)
{
    [Theory]
    [InlineData("fails")]
    [InlineData("garbage")]
    public void Sweep_PostqueueBroken_ExitsWithErrorClosesNothing_ThenNextRunNotifiesOnce(string fault)
    {
        var known = StuckMail.Submit(bed, "gina");
        PostTlsProcess.Succeed(bed, "sweep");
        known.WaitForMails("notice", 1);
        var fresh = StuckMail.Submit(bed, "hank");

        using (var faults = new ToolFaults(bed))
        {
            if (fault == "fails")
            {
                faults.Fail("postqueue");
            }
            else
            {
                faults.Garbage("postqueue");
            }

            // Twice: two readings without a message is what closes it as gone.
            for (var run = 0; run < 2; run++)
            {
                var result = PostTlsProcess.Run(bed, "sweep", faults);
                Assert.True(result.ExitCode == 75, result.ToString());
                Assert.Contains("posttls sweep: postqueue", result.Said, StringComparison.Ordinal);
                Assert.DoesNotContain("Unhandled", result.Said, StringComparison.Ordinal);
            }
        }

        Assert.Equal(MessageState.Open, known.Tracked!.State);
        Assert.Null(fresh.Tracked);

        AssertEachNotifiedOnceAfterTheFault($"postqueue {fault}", injected: 2, known, fresh);
    }

    [Theory]
    [InlineData("postqueue")]
    [InlineData("postcat")]
    public void Sweep_PostfixCommandHangs_KilledAtTheLimitWithAWarning_ThenNextRunNotifiesOnce(string tool)
    {
        var stuck = StuckMail.Submit(bed, "lea");
        bed.SetPostTlsConfig("postfix_command_time_limit = 2s\n");
        try
        {
            PostTlsProcess.Outcome result;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using (var faults = new ToolFaults(bed))
            {
                faults.Hang(tool);
                result = PostTlsProcess.Run(bed, "sweep", faults);
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the sweep took {clock.Elapsed}");
            Assert.True(result.ExitCode == (tool == "postqueue" ? 75 : 0), result.ToString());
            var line = Assert.Single(result.Log.Split('\n'), l => l.Contains($"{tool} did not finish within 2 s and was killed", StringComparison.Ordinal));
            Assert.Contains("warning: ", line, StringComparison.Ordinal);
            Assert.Contains("postfix_command_time_limit", line, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled", result.Said, StringComparison.Ordinal);
            Assert.Empty(ProcessTable.Find(cmdline => cmdline == "sleep\03600\0"));
            Assert.Null(stuck.Tracked);
        }
        finally
        {
            bed.SetPostTlsConfig();
        }

        AssertEachNotifiedOnceAfterTheFault($"{tool} hangs", injected: 1, stuck);
    }

    [Theory]
    [InlineData("for one ID")]
    [InlineData("for the batch")]
    public void Sweep_PostcatFails_UnreadMessagesWait_ThenNextRunNotifiesEachOnce(string fault)
    {
        var broken = StuckMail.Submit(bed, "ivy");
        var other = StuckMail.Submit(bed, "judy");

        PostTlsProcess.Outcome result;
        using (var faults = new ToolFaults(bed))
        {
            if (fault == "for one ID")
            {
                faults.PostcatFailsFor(broken.QueueId);
            }
            else
            {
                faults.Fail("postcat");
            }

            result = PostTlsProcess.Run(bed, "sweep", faults);
        }

        // A message postcat could not read is not tracked, so nobody is told anything about it yet.
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("simulated failure", result.Said, StringComparison.Ordinal);
        Assert.Null(broken.Tracked);
        if (fault == "for one ID")
        {
            other.WaitForMails("notice", 1);
        }
        else
        {
            Assert.Null(other.Tracked);
        }

        AssertEachNotifiedOnceAfterTheFault($"postcat fails {fault}", injected: 1, broken, other);
    }

    /// <summary>hold (-h) only with --long: apply's fault tests take postsuper -h through the same code.</summary>
    public static TheoryData<string, string> NeverInsecureActions => RunLength.IsLong
        ? new TheoryData<string, string> { { "return", "-f" }, { "delete", "-d" }, { "hold", "-h" } }
        : new TheoryData<string, string> { { "return", "-f" }, { "delete", "-d" } };

    [Theory]
    [MemberData(nameof(NeverInsecureActions))]
    public void Sweep_PostsuperFailsOnNeverInsecureMessage_NothingDone_ThenNextRunActsOnce(string action, string option)
    {
        // A domain of its own (example.test's subdomains go to the sink with mandatory TLS), so no other test is affected.
        var domain = $"n{TestMessage.NewMarker()}.{PostfixTestBed.TlsDomain}";
        Command.Run(bed.Binary, "domains", "add", domain, "--config", bed.ConfigFile).EnsureSuccess("domains add");
        var stuck = StuckMail.Submit(bed, "kim", domain);
        bed.SetPostTlsConfig($"never_insecure_action = {action}\n");
        try
        {
            using (var faults = new ToolFaults(bed))
            {
                faults.Fail("postsuper", option);
                var result = PostTlsProcess.Run(bed, "sweep", faults);
                Assert.True(result.ExitCode == 0, result.ToString());
                Assert.Contains($"postsuper {option} failed: postsuper: fatal: simulated failure", result.Said, StringComparison.Ordinal);
            }

            Assert.Equal("deferred", stuck.Queued?.QueueName);
            Assert.Equal(MessageState.Open, stuck.Tracked!.State);
            Thread.Sleep(500);
            Assert.Equal(0, stuck.Mails("never-insecure"));

            PostTlsProcess.Succeed(bed, "sweep");
            stuck.WaitForMails("never-insecure", 1);
            PostTlsProcess.Succeed(bed, "sweep");
        }
        finally
        {
            bed.SetPostTlsConfig();
            Command.Run(bed.Binary, "domains", "remove", domain, "--config", bed.ConfigFile);
        }

        if (action == "hold")
        {
            Poll.Until(() => stuck.Queued?.QueueName == "hold", TimeSpan.FromSeconds(60), () => $"not on hold: {stuck.Queued}");
        }
        else
        {
            Poll.Until(() => stuck.Queued is null, TimeSpan.FromSeconds(60), () => $"still queued after {action}: {stuck.Queued}");
        }

        if (action == "return")
        {
            Poll.Until(() => bed.MailboxMessages("kim").Any(m => m.Contains("Undelivered Mail Returned to Sender", StringComparison.Ordinal)
                && m.Contains(stuck.Marker, StringComparison.Ordinal)), TimeSpan.FromSeconds(60), () => "Postfix's bounce never reached kim");
        }

        Thread.Sleep(500);
        // Exactly where the policy puts it: returned or deleted (never at the remote), or on hold; told once.
        var lost = stuck.Copies != 0 || stuck.Mails("never-insecure") != 1 ? 1 : 0;
        FaultReport.Record("sweep", $"postsuper {option} fails", injected: 1, lost);
        Assert.Equal(0, lost);
        if (action == "hold")
        {
            Command.Run(PostfixTestBed.Tool("postsuper"), "-c", bed.Etc, "-d", stuck.QueueId).EnsureSuccess("postsuper -d");
        }
    }

    /// <summary>Two sweeps without the fault: each message tracked, still queued, its sender told exactly once.</summary>
    private void AssertEachNotifiedOnceAfterTheFault(string fault, int injected, params StuckMail[] messages)
    {
        PostTlsProcess.Succeed(bed, "sweep");
        foreach (var message in messages)
        {
            message.WaitForMails("notice", 1);
        }

        PostTlsProcess.Succeed(bed, "sweep");
        Thread.Sleep(500);
        var lost = messages.Count(m => m.Tracked?.State != MessageState.Open || m.Queued is null || m.Mails("notice") != 1);
        FaultReport.Record("sweep", fault, injected, lost);
        Assert.Equal(0, lost);
    }
}
