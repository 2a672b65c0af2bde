using PostTls.IntegrationTests.TestBed;
using PostTls.State;

namespace PostTls.IntegrationTests.Sweep;

/// <summary>
/// Issue 10, through the real Postfix: a tag is an identity, not a password. bob, a local
/// recipient of alice's mail, finds her tag in his mailbox (local delivery keeps it) and puts
/// it into mail of his own, submitted from a host in mynetworks, which is not filtered (the local
/// sendmail is: its forged tag would be removed).
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class TagReuseThroughPostfixTests(PostfixTestBed bed)
{
    private const string Alice = "alice@posttls.test";
    private const string Dave = "dave@posttls.test";
    private const string AdminMailbox = "kim";

    /// <summary>
    /// The copy claims alice as its sender, and alice's message is tracked already. The copy is
    /// tracked on its own as untagged, the administrator is told, alice hears about her message
    /// only, and her "send" releases her message, not his.
    /// </summary>
    [Fact]
    public void CopyAsAlice_TrackedUntaggedAdminAlerted_AlicesSendReleasesHerOwnMessage()
    {
        bed.SetPostTlsConfig($"admin_address = {AdminMailbox}@{PostfixTestBed.LocalDomain}\n");
        try
        {
            var marker = TestMessage.NewMarker();
            var (original, tagField) = SubmitWithLocalCopy(marker, "her own words");
            var driver = new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow));
            driver.Sweep();
            var notice = SenderSide.MailWith(bed, "alice", "X-PostTLS-Notice: notice", marker + "@client.posttls.test");

            var copyRecipient = $"{marker}-copy@{PostfixTestBed.TlsDomain}";
            SenderSide.Unfiltered(bed, Alice, copyRecipient, Copy(tagField, Alice, copyRecipient, marker, "his words"));
            var copy = bed.WaitForTlsDeferral(copyRecipient);
            driver.Sweep();
            driver.Sweep();

            var copyRecord = SenderSide.TrackedAs(bed, copy.QueueId);
            Assert.True(copyRecord is { State: MessageState.Untagged, Tag: null }, $"the copy is tracked as {copyRecord}");
            var aliceRecord = SenderSide.TrackedAs(bed, original.QueueId);
            Assert.True(aliceRecord is { State: MessageState.Open, Tag: not null }, $"alice's message is tracked as {aliceRecord}");
            Assert.NotEqual(aliceRecord.Key, copyRecord.Key);
            var alert = SenderSide.MailWith(bed, AdminMailbox, "carries the tag of another message", copy.QueueId);
            Assert.Contains(original.QueueId, alert, StringComparison.Ordinal);
            Thread.Sleep(1000); // a notice about the copy would have arrived by now
            Assert.Single(StuckMail.MailsAbout(bed, "alice", marker, "notice"));
            Assert.Single(bed.MailboxMessages(AdminMailbox), m => m.Contains(copy.QueueId, StringComparison.Ordinal));

            SenderSide.Answer(bed, "alice", ActionMail.Address(notice, "send"));
            var released = SenderSide.AfterApply(bed, driver, () => bed.SinkMessagesContaining(marker).FirstOrDefault());

            Assert.Contains("her own words", released, StringComparison.Ordinal);
            Poll.Until(() => bed.QueuedFor($"{marker}@{PostfixTestBed.TlsDomain}") is null, SenderSide.Patience, () => "alice's message is still queued");
            Assert.Equal("deferred", bed.QueuedFor(copyRecipient)?.QueueName);
            Thread.Sleep(1000);
            Assert.DoesNotContain(bed.SinkMessagesContaining(marker), m => m.Contains("his words", StringComparison.Ordinal));
        }
        finally
        {
            bed.SetPostTlsConfig();
        }
    }

    /// <summary>
    /// The attack as reported: the copy (from dave, bob's accomplice) is deferred and swept
    /// before alice's own message, which waited elsewhere (here: on hold). dave gets no notice
    /// and no action address, cannot act with hers, and alice still gets her notice and her
    /// message released.
    /// </summary>
    [Fact]
    public void CopyFromAnotherSenderSweptFirst_NoNoticeForHimAliceKeepsHerMessage()
    {
        var marker = TestMessage.NewMarker();
        var (original, tagField) = SubmitWithLocalCopy(marker, "her own words");
        Command.Run(PostfixTestBed.Tool("postsuper"), "-c", bed.Etc, "-h", original.QueueId).EnsureSuccess("postsuper -h");
        var copyRecipient = $"{marker}-copy@{PostfixTestBed.TlsDomain}";
        SenderSide.Unfiltered(bed, Dave, copyRecipient, Copy(tagField, Dave, copyRecipient, marker, "his words"));
        var copy = bed.WaitForTlsDeferral(copyRecipient);
        var driver = new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow));
        driver.Sweep();

        Assert.Equal(MessageState.Untagged, SenderSide.TrackedAs(bed, copy.QueueId)?.State);
        Command.Run(PostfixTestBed.Tool("postsuper"), "-c", bed.Etc, "-H", original.QueueId).EnsureSuccess("postsuper -H");
        driver.Sweep();
        var notice = SenderSide.MailWith(bed, "alice", "X-PostTLS-Notice: notice", marker + "@client.posttls.test");
        Assert.Equal(MessageState.Open, SenderSide.TrackedAs(bed, original.QueueId)?.State);
        Thread.Sleep(1000);
        Assert.Empty(StuckMail.MailsAbout(bed, "dave", marker, "notice"));

        // alice's action address is hers: dave's "delete" with it bounces, and nothing happens.
        SenderSide.Answer(bed, "dave", ActionMail.Address(notice, "delete"));
        SenderSide.MailWith(bed, "dave", "Undelivered Mail", "this action address was not issued to");
        driver.Apply();
        Assert.Equal("deferred", bed.QueuedFor($"{marker}@{PostfixTestBed.TlsDomain}")?.QueueName);

        SenderSide.Answer(bed, "alice", ActionMail.Address(notice, "send"));
        var released = SenderSide.AfterApply(bed, driver, () => bed.SinkMessagesContaining(marker).FirstOrDefault());
        Assert.Contains("her own words", released, StringComparison.Ordinal);
        Assert.Equal("deferred", bed.QueuedFor(copyRecipient)?.QueueName);
    }

    /// <summary>A tag in mail from another envelope sender is worth nothing: that sender is never asked.</summary>
    [Fact]
    public void TagInMailFromAnotherSender_TrackedUntaggedNeverNotified()
    {
        var marker = TestMessage.NewMarker();
        var delivered = $"{marker}@{PostfixTestBed.PlainDomain}";
        SmtpSubmitter.Send(bed.SubmissionPort, Alice, [delivered, "bob@posttls.test"], TestMessage.Create(marker, Alice, delivered));
        var tagField = Assert.Single(TestMessage.PostTlsFields(BobsCopy(marker)));
        var copyRecipient = $"{marker}-copy@{PostfixTestBed.TlsDomain}";

        SenderSide.Unfiltered(bed, Dave, copyRecipient, Copy(tagField, Dave, copyRecipient, marker, "his words"));
        var copy = bed.WaitForTlsDeferral(copyRecipient);
        new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();

        Assert.Equal(MessageState.Untagged, SenderSide.TrackedAs(bed, copy.QueueId)?.State);
        Thread.Sleep(1000);
        Assert.Empty(StuckMail.MailsAbout(bed, "dave", marker, "notice"));
    }

    /// <summary>
    /// The copied tag through the local sendmail, which is filtered now (pickup has the content
    /// filter): the filter removes it, and the copy carries a tag of its own, bound to its own sender.
    /// </summary>
    [Fact]
    public void TagCopiedIntoLocalSendmail_ReplacedByTheFilter_TheCopyIsItsSendersOwn()
    {
        var marker = TestMessage.NewMarker();
        var (_, tagField) = SubmitWithLocalCopy(marker, "her own words");
        var copyRecipient = $"{marker}-copy@{PostfixTestBed.TlsDomain}";

        SenderSide.LocalSendmail(bed, "nobody", Dave, copyRecipient, Copy(tagField, Dave, copyRecipient, marker, "his words"));
        var copy = bed.WaitForTlsDeferral(copyRecipient);

        var tag = Assert.Single(TestMessage.PostTlsFields(bed.Postcat(copy.QueueId, "-h")));
        Assert.NotEqual(tagField, tag);
        Assert.True(Tags.Check(bed, Tags.Of(tag), Dave) == PostTls.Tagging.TagStatus.Valid, $"the copy's tag is not its sender's own: {tag}");
        Assert.False(Tags.Check(bed, Tags.Of(tag), Alice) == PostTls.Tagging.TagStatus.Valid, "the copy's tag verifies for alice");
    }

    /// <summary>
    /// alice submits to a remote that cannot do TLS and to bob, a local mailbox: her message is
    /// deferred for the remote, and bob's copy (with her tag) is in his mailbox.
    /// </summary>
    private (QueueEntry Original, string TagField) SubmitWithLocalCopy(string marker, string body)
    {
        var remote = $"{marker}@{PostfixTestBed.TlsDomain}";
        SmtpSubmitter.Send(bed.SubmissionPort, Alice, [remote, "bob@posttls.test"], TestMessage.Create(marker, Alice, remote, body: body + "\n"));
        var original = bed.WaitForTlsDeferral(remote);
        return (original, Assert.Single(TestMessage.PostTlsFields(BobsCopy(marker))));
    }

    /// <summary>alice's message as delivered into bob's mailbox: local delivery keeps the tag.</summary>
    private string BobsCopy(string marker) =>
        Poll.Until(() => bed.MailboxMessages("bob").FirstOrDefault(m => m.Contains($"Message-ID: <{marker}@client.posttls.test>", StringComparison.Ordinal)
                && !m.Contains("X-PostTLS-Notice", StringComparison.Ordinal)),
            SenderSide.Patience, () => $"alice's message {marker} did not reach bob\n{bed.MailLogText()}");

    /// <summary>bob's message: alice's tag field, Subject and Message-ID, his own text.</summary>
    private static string Copy(string tagField, string from, string to, string marker, string body) =>
        $"{tagField}\nFrom: <{from}>\nTo: <{to}>\nSubject: test {marker}\nDate: Sun, 22 Nov 2026 10:00:00 +0000\n" +
        $"Message-ID: <{marker}@client.posttls.test>\n\n{body}\n";
}
