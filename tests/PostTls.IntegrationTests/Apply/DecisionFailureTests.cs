using PostTls.IntegrationTests.Reliability;
using PostTls.IntegrationTests.TestBed;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.IntegrationTests.Apply;

/// <summary>
/// A decision that cannot be carried out ends on its own: recorded as failed with its reason,
/// the message taken off hold (back to the deferred queue, where Postfix keeps it), the sender
/// and admin_address told in plain words, and the run goes on with every other message.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class DecisionFailureTests(PostfixTestBed bed)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// "a>b"@example.test is a valid address that Postfix queues, but no SMTP command line may
    /// carry an angle bracket inside the path: today's code threw there, and every later sweep
    /// died at the same decision.
    /// </summary>
    [Fact]
    public void Send_RecipientWithAngleBracket_EndsThatDecision_TheSameSweepServesTheOthers()
    {
        var marker = TestMessage.NewMarker();
        var sender = $"max@{PostfixTestBed.LocalDomain}";
        var normal = $"{marker}@{PostfixTestBed.TlsDomain}";
        SmtpSubmitter.Send(bed.SubmissionPort, sender, [$"\"{marker}>b\"@{PostfixTestBed.TlsDomain}", normal], TestMessage.Create(marker, sender, normal));
        var bad = new StuckMail(bed, marker, "max", normal, bed.WaitForTlsDeferral(normal).QueueId);
        var other = StuckMail.Submit(bed, "lea");
        new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();
        bad.Decide(SenderAction.Release);
        Thread.Sleep(5); // decision files are taken in the order they arrived: the bad one first
        other.Decide(SenderAction.Release);
        var late = StuckMail.Submit(bed, "kim");

        var run = PostTlsProcess.Run(bed, "sweep");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("Unhandled exception", run.Said, StringComparison.Ordinal);
        Assert.Equal(1, other.CopiesOnceSettled(Patience));
        other.WaitForMails("confirmation", 1);
        late.WaitForMails("notice", 1);

        bad.WaitForMails("confirmation", 1);
        var told = StuckMail.MailsAbout(bed, "max", marker, "confirmation").Single();
        Assert.Contains("could not be carried out", told, StringComparison.Ordinal);
        Assert.Contains("angle bracket", told, StringComparison.Ordinal);
        Assert.Equal("deferred", bad.Queued?.QueueName);
        Assert.Equal(0, bad.Copies);
        Assert.Equal((DecisionStep.Failed, true), LastDecision(bad, r => r.Contains("angle bracket", StringComparison.Ordinal)));
        Assert.Equal(MessageState.Open, bad.Tracked!.State);
        WaitForAdminAlert(bad.QueueId);

        var lost = bad.Queued?.QueueName == "deferred" && bad.Copies == 0 && other.Copies == 1 ? 0 : 1;
        FaultReport.Record("apply", "recipient address that SMTP cannot carry", injected: 1, lost);
        Assert.Equal(0, lost);
    }

    /// <summary>Today a 5xx from the listener was retried for ever, the message held and nobody told.</summary>
    [Fact]
    public void Send_ReleaseListenerAnswers5xx_DecisionEnds_HoldReleased_SenderAndAdminTold()
    {
        var stuck = StuckMail.Submit(bed, "erin");
        new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();
        stuck.Decide(SenderAction.Release);

        bed.SetPostTlsConfig($"release_service = {UnusualMail.RejectingReleaseService}\n");
        try
        {
            var run = PostTlsProcess.Run(bed, "apply");
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("554", run.Said, StringComparison.Ordinal);
            PostTlsProcess.Succeed(bed, "apply"); // a second run finds nothing left to do
        }
        finally
        {
            bed.SetPostTlsConfig();
        }

        stuck.WaitForMails("confirmation", 1);
        var told = StuckMail.MailsAbout(bed, "erin", stuck.Marker, "confirmation").Single();
        Assert.Contains("could not be carried out", told, StringComparison.Ordinal);
        Assert.Contains("refused", told, StringComparison.Ordinal);
        Assert.Equal("deferred", stuck.Queued?.QueueName);
        Assert.Equal((DecisionStep.Failed, true), LastDecision(stuck, r => r.Contains("554", StringComparison.Ordinal)));
        WaitForAdminAlert(stuck.QueueId);
        Thread.Sleep(500);
        Assert.Equal(1, stuck.Mails("confirmation"));

        var lost = stuck.Queued?.QueueName == "deferred" && stuck.Copies == 0 ? 0 : 1;
        FaultReport.Record("apply", "release listener answers 5xx", injected: 1, lost);
        Assert.Equal(0, lost);
    }

    /// <summary>4xx is worth retrying, but not for ever: release_retry_time after the first failure the decision ends.</summary>
    [Fact]
    public void Send_ReleaseListenerAnswers4xx_RetriedUntilReleaseRetryTime_ThenEnds()
    {
        var stuck = StuckMail.Submit(bed, "frank");
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var driver = new SweepDriver(bed, clock);
        driver.Sweep();
        stuck.Decide(SenderAction.Release);

        bed.SetPostTlsConfig($"release_service = {UnusualMail.DeferringReleaseService}\nrelease_retry_time = 1h\n");
        var runs = 0;
        try
        {
            foreach (var wait in new[] { TimeSpan.Zero, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(29) })
            {
                clock.Advance(wait);
                driver.Apply();
                runs++;
                Assert.Equal("hold", stuck.Queued?.QueueName);
                Assert.Equal(MessageState.Deciding, stuck.Tracked!.State);
                Assert.Equal(0, stuck.Mails("confirmation"));
            }

            clock.Advance(TimeSpan.FromMinutes(2));
            driver.Apply();
            runs++;
        }
        finally
        {
            bed.SetPostTlsConfig();
        }

        stuck.WaitForMails("confirmation", 1);
        Assert.Contains("could not be carried out", StuckMail.MailsAbout(bed, "frank", stuck.Marker, "confirmation").Single(), StringComparison.Ordinal);
        Assert.Equal("deferred", stuck.Queued?.QueueName);
        Assert.Equal((DecisionStep.Failed, true), LastDecision(stuck, r => r.Contains("450", StringComparison.Ordinal)));
        WaitForAdminAlert(stuck.QueueId);

        var lost = stuck.Queued?.QueueName == "deferred" && stuck.Copies == 0 ? 0 : 1;
        FaultReport.Record("apply", "release listener answers 4xx past release_retry_time", injected: runs, lost);
        Assert.Equal(0, lost);
    }

    /// <summary>The step of the latest decision for the message, and whether its recorded result passes <paramref name="result"/>.</summary>
    private (DecisionStep Step, bool ResultMatches) LastDecision(StuckMail stuck, Func<string, bool> result)
    {
        using var database = StateDatabase.Open(bed.Settings().DataDirectory);
        using var command = database.Command("SELECT step, result FROM decisions WHERE message = $m ORDER BY id DESC LIMIT 1", ("$m", stuck.Tracked!.Id));
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), "no decision recorded");
        return (Enum.Parse<DecisionStep>(reader.GetString(0), ignoreCase: true), !reader.IsDBNull(1) && result(reader.GetString(1)));
    }

    private void WaitForAdminAlert(string queueId) =>
        Poll.Until(() => bed.MailboxMessages(PostfixTestBed.AdminMailbox).Any(m => m.Contains("X-PostTLS-Notice: admin-alert", StringComparison.Ordinal)
                && m.Contains(queueId, StringComparison.Ordinal)),
            Patience, () => $"no alert about {queueId} for {PostfixTestBed.AdminMailbox}\nposttls log:\n{bed.PostTlsLogText()}");
}
