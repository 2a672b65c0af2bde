using PostTls.IntegrationTests.TestBed;

namespace PostTls.IntegrationTests.Filter;

/// <summary>
/// Faults in the filter's path through a real Postfix: the message must stay queued (deferred
/// for the filter transport, never bounced) and be delivered exactly once when the fault is gone.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class FilterFaultTests(PostfixTestBed bed)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private string Fakes => Path.Combine(bed.Root, "fakes");

    [Fact]
    public void SendmailFails_MessageStaysQueued_ThenDeliveredOnce() =>
        AssertSurvives(
            () => bed.SetPostTlsConfig($"sendmail_path = {FakeSendmail.Failing(Fakes)}\n"),
            () => bed.SetPostTlsConfig(),
            expectedReason: "failed with status 1: sendmail: fatal: simulated failure");

    [Fact]
    public void SendmailKilled_MessageStaysQueued_ThenDeliveredOnce() =>
        AssertSurvives(
            () => bed.SetPostTlsConfig($"sendmail_path = {FakeSendmail.Killed(Fakes)}\n"),
            () => bed.SetPostTlsConfig(),
            expectedReason: "posttls filter:");

    [Fact]
    public void SendmailHangs_FilterGivesUpInTime_ThenDeliveredOnce() =>
        AssertSurvives(
            () => bed.SetPostTlsConfig($"sendmail_path = {FakeSendmail.Hanging(Fakes)}\nreinject_time_limit = 2s\n"),
            () => bed.SetPostTlsConfig(),
            expectedReason: "reinjection did not finish within 2 s");

    [Fact]
    public void KeyUnreadable_MessageStaysQueued_ThenDeliveredOnce() =>
        AssertSurvives(
            () => File.SetUnixFileMode(bed.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite),
            () => File.SetUnixFileMode(bed.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead),
            expectedReason: "cannot read secret key");

    [Fact]
    public void ConfigBroken_MessageStaysQueued_ThenDeliveredOnce() =>
        AssertSurvives(
            () => bed.SetPostTlsConfig("no_such_setting = 1\n"),
            () => bed.SetPostTlsConfig(),
            expectedReason: "unknown setting \"no_such_setting\"");

    private void AssertSurvives(Action injectFault, Action clearFault, string expectedReason)
    {
        var marker = TestMessage.NewMarker();
        var recipient = $"{marker}@{PostfixTestBed.PlainDomain}";
        injectFault();
        try
        {
            SmtpSubmitter.Send(bed.SubmissionPort, "alice@posttls.test", [recipient],
                TestMessage.Create(marker, "alice@posttls.test", recipient));

            var deferred = Poll.Until(
                () => bed.QueuedFor(recipient) is { QueueName: "deferred" } e ? e : null,
                Patience,
                () => $"{recipient} was not deferred; queue: {bed.QueuedFor(recipient)}\n{bed.MailLogText()}");
            Assert.Contains(expectedReason, deferred.DelayReasonOf(recipient), StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled", deferred.DelayReasonOf(recipient), StringComparison.Ordinal);
            Assert.Empty(bed.SinkMessagesContaining(marker));
            Assert.DoesNotContain($"to=<{recipient}>, relay=posttls-filter, delay", BouncedLines(), StringComparison.Ordinal);
        }
        finally
        {
            clearFault();
        }

        bed.FlushQueue();
        Poll.Until(() => bed.SinkMessagesContaining(marker).Count > 0, Patience,
            () => $"{recipient} was not delivered after the fault was cleared; queue: {bed.QueuedFor(recipient)}\n{bed.MailLogText()}");
        Poll.Until(() => bed.QueuedFor(recipient) is null, Patience, () => $"{recipient} is still queued");
        Thread.Sleep(1000);
        Assert.Single(bed.SinkMessagesContaining(marker));
    }

    private string BouncedLines() =>
        string.Join('\n', bed.MailLogText().Split('\n').Where(l => l.Contains("status=bounced", StringComparison.Ordinal)));
}
