using PostTls.IntegrationTests.Reliability;
using PostTls.IntegrationTests.TestBed;

namespace PostTls.IntegrationTests.Filter;

/// <summary>
/// One filter fault through the real Postfix: messages submitted while the fault lasts must stay
/// queued (deferred for the filter transport, never bounced, nothing at the remote), and each must
/// arrive exactly once after the fault is cleared. The result goes to <see cref="FaultReport"/>
/// with the loss counted from the sink, before the assertions, so a failing run still reports it.
/// </summary>
internal sealed class FilterFaultScenario(PostfixTestBed bed)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Messages submitted per fault: the long run repeats each fault more.</summary>
    public static int MessagesPerFault => RunLength.Pick(1, 5);

    public void AssertSurvives(string fault, Action injectFault, Action clearFault, string expectedReason)
    {
        var recipients = Enumerable.Range(0, MessagesPerFault).Select(_ => $"{TestMessage.NewMarker()}@{PostfixTestBed.PlainDomain}").ToList();
        injectFault();
        try
        {
            foreach (var recipient in recipients)
            {
                SmtpSubmitter.Send(bed.SubmissionPort, "alice@posttls.test", [recipient],
                    TestMessage.Create(Marker(recipient), "alice@posttls.test", recipient));
            }

            foreach (var recipient in recipients)
            {
                AssertHeldBack(recipient, expectedReason);
            }
        }
        finally
        {
            clearFault();
        }

        bed.FlushQueue();
        var arrived = recipients.Select(WaitForDelivery).ToList();
        FaultReport.Record("filter", fault, recipients.Count, arrived.Count(n => n == 0));
        Assert.All(arrived, n => Assert.Equal(1, n));
    }

    private void AssertHeldBack(string recipient, string expectedReason)
    {
        var deferred = Poll.Until(
            () => bed.QueuedFor(recipient) is { QueueName: "deferred" } e ? e : null,
            Patience,
            () => $"{recipient} was not deferred; queue: {bed.QueuedFor(recipient)}\n{bed.MailLogText()}");
        Assert.Contains(expectedReason, deferred.DelayReasonOf(recipient), StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", deferred.DelayReasonOf(recipient), StringComparison.Ordinal);
        Assert.Empty(bed.SinkMessagesContaining(Marker(recipient)));
        Assert.DoesNotContain($"to=<{recipient}>, relay=posttls-filter, delay", BouncedLines(), StringComparison.Ordinal);
    }

    /// <returns>How many copies reached the sink: waits for the first, then a while for any duplicate.</returns>
    public int WaitForDelivery(string recipient)
    {
        var marker = Marker(recipient);
        try
        {
            Poll.Until(() => bed.SinkMessagesContaining(marker).Count > 0, Patience, () => "");
            Poll.Until(() => bed.QueuedFor(recipient) is null, Patience, () => "");
        }
        catch (TimeoutException)
        {
            return bed.SinkMessagesContaining(marker).Count;
        }

        Thread.Sleep(1000); // a duplicate would follow within a second on this bed
        return bed.SinkMessagesContaining(marker).Count;
    }

    public static string Marker(string recipient) => recipient[..recipient.IndexOf('@', StringComparison.Ordinal)];

    private string BouncedLines() =>
        string.Join('\n', bed.MailLogText().Split('\n').Where(l => l.Contains("status=bounced", StringComparison.Ordinal)));
}
