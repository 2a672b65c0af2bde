using PostTls.IntegrationTests.TestBed;
using PostTls.State;

namespace PostTls.IntegrationTests.Apply;

/// <summary>
/// Issue 10: after "send without encryption", the copy apply resubmits for the recipients that
/// stay is a message of its own. When it is deferred for TLS again, the policy applies to it
/// (a notice, or never_insecure_action), instead of it waiting under the closed record of
/// the original until Postfix gives up days later.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class KeptRecipientsThroughPostfixTests(PostfixTestBed bed)
{
    private const string Alice = "alice@posttls.test";

    [Fact]
    public void KeptForANeverInsecureRecipient_DeferredAgain_NeverInsecureActionApplies()
    {
        var (marker, kept, original, keptEntry, never) = ReleaseOneKeepOne();
        try
        {
            new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();

            var record = SenderSide.TrackedAs(bed, keptEntry.QueueId);
            Assert.True(record is { Tag: not null }, $"the kept copy is tracked as {record}");
            Assert.NotEqual(original.Key, record.Key);
            Assert.Equal(MessageState.Closed, record.State);
            Assert.Contains("only never-insecure recipients", record.Outcome, StringComparison.Ordinal);
            SenderSide.MailWith(bed, "alice", "X-PostTLS-Notice: never-insecure", marker + "@client.posttls.test");
            Assert.Contains(AuditTrail.Of(bed, marker, "detail"), d => d.Contains("a message of its own with key " + record.Key, StringComparison.Ordinal));
            Poll.Until(() => bed.QueuedFor(kept) is null, SenderSide.Patience, () => "the kept copy was not returned");
        }
        finally
        {
            bed.NeverInsecure("remove", never);
        }
    }

    [Fact]
    public void KeptRecipientDeferredAgainForTls_GetsANoticeOfItsOwn()
    {
        var (marker, kept, original, keptEntry, never) = ReleaseOneKeepOne();
        bed.NeverInsecure("remove", never);
        new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();

        var record = SenderSide.TrackedAs(bed, keptEntry.QueueId);
        Assert.True(record is { State: MessageState.Open, Tag: not null }, $"the kept copy is tracked as {record}");
        Assert.NotEqual(original.Key, record.Key);
        Poll.Until(() => StuckMail.MailsAbout(bed, "alice", marker, "notice").Count == 2, SenderSide.Patience,
            () => $"no second notice, about the kept copy\n{bed.PostTlsLogText()}");
        var second = StuckMail.MailsAbout(bed, "alice", marker, "notice")
            .Single(n => n.Contains("posttls-send-" + record.Key, StringComparison.Ordinal));
        Assert.Contains(kept, second, StringComparison.Ordinal);
    }

    /// <summary>
    /// alice's message to two remotes without TLS is deferred; she is notified; one recipient's
    /// domain becomes never-insecure; she answers "send": one recipient is released, the other
    /// kept, and the kept copy is deferred for TLS again.
    /// </summary>
    private (string Marker, string Kept, TrackedMessage Original, QueueEntry KeptEntry, string NeverDomain) ReleaseOneKeepOne()
    {
        var marker = TestMessage.NewMarker();
        var never = marker + "-never." + PostfixTestBed.TlsDomain;
        var released = $"{marker}@{PostfixTestBed.TlsDomain}";
        var kept = $"{marker}@{never}";
        SmtpSubmitter.Send(bed.SubmissionPort, Alice, [released, kept], TestMessage.Create(marker, Alice, released));
        var first = bed.WaitForTlsDeferral(released);
        bed.WaitForTlsDeferral(kept);
        var driver = new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow));
        driver.Sweep();
        var notice = SenderSide.MailWith(bed, "alice", "X-PostTLS-Notice: notice", marker + "@client.posttls.test");
        var original = SenderSide.TrackedAs(bed, first.QueueId)!;
        bed.NeverInsecure("add", never);

        SenderSide.Answer(bed, "alice", ActionMail.Address(notice, "send"));
        SenderSide.AfterApply(bed, driver, () => bed.SinkMessagesContaining(marker).FirstOrDefault());
        var keptEntry = Poll.Until(
            () => bed.QueuedFor(kept) is { } e && e.QueueId != first.QueueId
                && e.DelayReasonOf(kept).Contains("TLS is required", StringComparison.Ordinal) ? e : null,
            SenderSide.Patience, () => $"the kept copy is not deferred for TLS: {bed.QueuedFor(kept)}\n{bed.PostTlsLogText()}");
        return (marker, kept, original, keptEntry, never);
    }
}
