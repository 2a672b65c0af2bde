using PostTls.IntegrationTests.Reliability;
using PostTls.IntegrationTests.TestBed;

namespace PostTls.IntegrationTests.Filter;

/// <summary>
/// Faults in the filter's path through a real Postfix: the message must stay queued (deferred
/// for the filter transport, never bounced) and be delivered exactly once when the fault is gone.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class FilterFaultTests(PostfixTestBed bed)
{
    private string Fakes => Path.Combine(bed.Root, "fakes");

    private FilterFaultScenario Scenario => new(bed);

    [Fact]
    public void SendmailFails_MessageStaysQueued_ThenDeliveredOnce() =>
        Scenario.AssertSurvives(
            "sendmail fails",
            () => bed.SetPostTlsConfig($"reinject_address =\nsendmail_path = {FakeSendmail.Failing(Fakes)}\n"),
            () => bed.SetPostTlsConfig(),
            expectedReason: "failed with status 1: sendmail: fatal: simulated failure");

    [Fact]
    public void SendmailKilled_MessageStaysQueued_ThenDeliveredOnce() =>
        Scenario.AssertSurvives(
            "sendmail killed",
            () => bed.SetPostTlsConfig($"reinject_address =\nsendmail_path = {FakeSendmail.Killed(Fakes)}\n"),
            () => bed.SetPostTlsConfig(),
            expectedReason: "posttls filter:");

    [Fact]
    public void SendmailHangs_FilterGivesUpInTime_ThenDeliveredOnce() =>
        Scenario.AssertSurvives(
            "sendmail hangs past the limit",
            () => bed.SetPostTlsConfig($"reinject_address =\nsendmail_path = {FakeSendmail.Hanging(Fakes)}\nreinject_time_limit = 2s\n"),
            () => bed.SetPostTlsConfig(),
            expectedReason: "reinjection did not finish within 2 s");

    [Fact]
    public void KeyUnreadable_MessageStaysQueued_ThenDeliveredOnce() =>
        Scenario.AssertSurvives(
            "key unreadable",
            () => File.SetUnixFileMode(bed.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite),
            () => File.SetUnixFileMode(bed.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead),
            expectedReason: "cannot read secret key");

    [Fact]
    public void ConfigBroken_MessageStaysQueued_ThenDeliveredOnce() =>
        Scenario.AssertSurvives(
            "config broken",
            () => bed.SetPostTlsConfig("no_such_setting = 1\n"),
            () => bed.SetPostTlsConfig(),
            expectedReason: "unknown setting \"no_such_setting\"");

    [Fact]
    public void KeyMissing_MessageStaysQueued_ThenDeliveredOnce()
    {
        var aside = bed.KeyFile + ".aside";
        Scenario.AssertSurvives(
            "key missing",
            () => File.Move(bed.KeyFile, aside),
            () => File.Move(aside, bed.KeyFile),
            expectedReason: "cannot read secret key");
    }

    /// <summary>The old way: postdrop writes the reinjected copy into the queue's maildrop: a full disk there must defer, not lose.</summary>
    [Fact]
    public void DiskFullUnderMaildrop_MessageStaysQueued_ThenDeliveredOnce()
    {
        FullTmpfs? full = null;
        using var pickup = MasterCfOverride.UnfilteredPickup(bed);
        try
        {
            Scenario.AssertSurvives(
                "disk full (maildrop on a full tmpfs)",
                () =>
                {
                    bed.SetPostTlsConfig("reinject_address =\n");
                    full = FullTmpfs.Over(Path.Combine(bed.QueueDirectory, "maildrop"));
                },
                () =>
                {
                    full?.Dispose();
                    bed.SetPostTlsConfig();
                },
                expectedReason: "No space left on device");
        }
        finally
        {
            full?.Dispose();
        }
    }

    /// <summary>Slow but within reinject_time_limit: no deferral, no retry, so no second copy.</summary>
    [Fact]
    public void SendmailSlowWithinTheLimit_DeliveredOnceWithoutDeferral()
    {
        var recipients = Enumerable.Range(0, FilterFaultScenario.MessagesPerFault)
            .Select(_ => $"{TestMessage.NewMarker()}@{PostfixTestBed.PlainDomain}").ToList();
        using var pickup = MasterCfOverride.UnfilteredPickup(bed);
        bed.SetPostTlsConfig($"reinject_address =\nsendmail_path = {FakeSendmail.Slow(Fakes, seconds: 3)}\nreinject_time_limit = 20s\n");
        List<int> arrived;
        try
        {
            foreach (var recipient in recipients)
            {
                SmtpSubmitter.Send(bed.SubmissionPort, "alice@posttls.test", [recipient],
                    TestMessage.Create(FilterFaultScenario.Marker(recipient), "alice@posttls.test", recipient));
            }

            arrived = recipients.Select(Scenario.WaitForDelivery).ToList();
        }
        finally
        {
            bed.SetPostTlsConfig();
        }

        FaultReport.Record("filter", "sendmail slow (3 s, within the limit)", recipients.Count, arrived.Count(n => n == 0));
        Assert.All(arrived, n => Assert.Equal(1, n));
        var log = bed.MailLogText();
        Assert.All(recipients, r => Assert.DoesNotContain($"to=<{r}>, relay=posttls-filter, delay", Deferrals(log), StringComparison.Ordinal));
    }

    private static string Deferrals(string mailLog) =>
        string.Join('\n', mailLog.Split('\n').Where(l => l.Contains("status=deferred", StringComparison.Ordinal)));
}
