using PostTls.IntegrationTests.Reliability;
using PostTls.IntegrationTests.TestBed;
using PostTls.State;

namespace PostTls.IntegrationTests.Sweep;

/// <summary>
/// One message the sweep cannot handle never stops it for the others: the message is left to
/// the administrator (alerted once), and every other sender still gets their notice.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class SweepIsolationTests(PostfixTestBed bed)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Postfix queues a sender "x>y"@posttls.test, but no notice can be addressed to it (an
    /// angle bracket in To: or on sendmail's command line is refused). Today's sweep threw at
    /// that notice, and every later sweep threw at the same one: nobody else was notified.
    /// </summary>
    [Fact]
    public void Sweep_SenderNoNoticeCanBeWrittenTo_LeftToTheAdministrator_OthersStillNotified()
    {
        var marker = TestMessage.NewMarker();
        var sender = $"\"{marker}>x\"@{PostfixTestBed.LocalDomain}";
        var recipient = $"{marker}@{PostfixTestBed.TlsDomain}";
        SmtpSubmitter.Send(bed.SubmissionPort, sender, [recipient], TestMessage.Create(marker, sender, recipient));
        var queueId = bed.WaitForTlsDeferral(recipient).QueueId;
        var first = PostTlsProcess.Run(bed, "sweep");
        var other = StuckMail.Submit(bed, "carol");

        var second = PostTlsProcess.Run(bed, "sweep");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        other.WaitForMails("notice", 1);
        Assert.Equal(MessageState.Admin, ApplyHarness.Tracked(bed, marker).State);
        Assert.Contains("failed", AuditTrail.Of(bed, marker, "action"));
        Assert.Equal("deferred", bed.QueuedFor(recipient)?.QueueName);
        var alerts = Poll.Until(() => AlertsAbout(queueId) is { Count: > 0 } found ? found : null, Patience,
            () => $"no alert about {queueId}\nposttls log:\n{bed.PostTlsLogText()}");
        PostTlsProcess.Succeed(bed, "sweep");
        Thread.Sleep(1000);
        Assert.Single(AlertsAbout(queueId));
        Assert.Contains("not a mail address", alerts[0], StringComparison.Ordinal);

        var lost = bed.QueuedFor(recipient) is not null && other.Mails("notice") == 1 ? 0 : 1;
        FaultReport.Record("sweep", "sender address no notice can be written to", injected: 1, lost);
        Assert.Equal(0, lost);
    }

    private List<string> AlertsAbout(string queueId) =>
        bed.MailboxMessages(PostfixTestBed.AdminMailbox)
            .Select(m => m.Replace("=\n", "", StringComparison.Ordinal))
            .Where(m => m.Contains("X-PostTLS-Notice: admin-alert", StringComparison.Ordinal) && m.Contains(queueId, StringComparison.Ordinal))
            .ToList();
}
