using System.Text;
using PostTls.Addresses;
using PostTls.IntegrationTests.TestBed;
using PostTls.State;

namespace PostTls.IntegrationTests.Apply;

/// <summary>
/// Senders whose addresses need quotes (a space in the local part) or SMTPUTF8 (UTF-8 in the
/// local part): Postfix spells them differently in postqueue -j (quoted), postcat (unquoted)
/// and pipe(8)'s ${sender} (quoted). They receive their notice through Postfix, decide by
/// mail like anyone else, and the decision is carried out.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class UnusualSenderTests(PostfixTestBed bed)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static TheoryData<int> Senders => [.. Enumerable.Range(0, UnusualMail.Mailboxes.Length)];

    [Theory]
    [MemberData(nameof(Senders))]
    public void UnusualSender_GetsTheNotice_DecidesByMail_AndItIsCarriedOut(int which)
    {
        var (address, mailbox) = UnusualMail.Mailboxes[which];
        var sender = EnvelopeAddress.ToExternal(address);
        var marker = TestMessage.NewMarker();
        var recipient = $"{marker}@{PostfixTestBed.Utf8Domain}";
        SmtpSubmitter.Send(bed.SubmissionPort, sender, [recipient], TestMessage.Create(marker, sender, recipient));
        bed.WaitForTlsDeferral(recipient);
        var driver = new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow));

        driver.Sweep();
        var notice = Poll.Until(() => StuckMail.MailsAbout(bed, mailbox, marker, "notice").FirstOrDefault(), Patience,
            () => $"no notice for {address}\nposttls log:\n{bed.PostTlsLogText()}\nmaillog:\n{bed.MailLogText()}");
        Assert.Contains($"\nTo: {sender}\n", notice, StringComparison.Ordinal);

        var send = ActionMail.Address(notice, "send");
        SmtpSubmitter.Send(bed.SubmissionPort, sender, [send], Encoding.UTF8.GetBytes($"From: <{sender}>\nTo: <{send}>\nSubject: decision\n\n"));
        var copy = Poll.Until(() =>
        {
            driver.Apply();
            return bed.SinkMessagesContaining(marker).FirstOrDefault();
        }, Patience, () => $"not released\nposttls log:\n{bed.PostTlsLogText()}\nmaillog:\n{bed.MailLogText()}");

        Assert.Contains($"X-Mail-Args: FROM:<{sender}>", copy, StringComparison.Ordinal);
        Poll.Until(() => StuckMail.MailsAbout(bed, mailbox, marker, "confirmation").Count == 1, Patience,
            () => $"no confirmation for {address}\nposttls log:\n{bed.PostTlsLogText()}");
        Poll.Until(() => bed.QueuedFor(recipient) is null, Patience, () => "the original is still queued");
        Assert.Equal(MessageState.Closed, ApplyHarness.Tracked(bed, marker).State);
        Assert.Contains(AuditTrail.Of(bed, marker, "action"), a => a == "released");
    }
}
