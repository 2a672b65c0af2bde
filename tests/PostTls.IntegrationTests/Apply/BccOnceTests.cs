using PostTls.IntegrationTests.TestBed;
using PostTls.Tagging;

namespace PostTls.IntegrationTests.Apply;

/// <summary>
/// Address mappings and BCC happen once per message, as FILTER_README prescribes for every
/// reinjection path: not before the filter (the submission services say no_address_mappings,
/// pickup maps after the filter), and not again in the release listener, where an always_bcc
/// recipient would go out without TLS to the partner's server with the released copy.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class BccOnceTests(PostfixTestBed bed)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static string Archive => $"{PostfixTestBed.ArchiveMailbox}@{PostfixTestBed.LocalDomain}";

    [Fact]
    public void Submitted_WithAlwaysBcc_TheArchiveGetsExactlyOneCopy()
    {
        using var bcc = MainCfOverride.Set(bed, "always_bcc", Archive);
        var marker = TestMessage.NewMarker();
        var sender = $"erin@{PostfixTestBed.LocalDomain}";
        var recipient = $"{marker}@{PostfixTestBed.PlainDomain}";

        SmtpSubmitter.Send(bed.SubmissionPort, sender, [recipient], TestMessage.Create(marker, sender, recipient));

        Poll.Until(() => bed.SinkMessagesContaining(marker).Count > 0, Patience, () => "not delivered:\n" + bed.MailLogText());
        Assert.Equal(1, ArchiveCopiesOnceSettled(marker));
        Assert.Contains("X-PostTLS-ID:", ArchiveCopies(marker).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Released_WithAlwaysBcc_NoSecondBccGoesOutThroughSmtpInsecure()
    {
        using var bcc = MainCfOverride.Set(bed, "always_bcc", Archive);
        var stuck = StuckMail.Submit(bed, "frank");
        var driver = new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow));
        driver.Sweep();

        stuck.Decide(SenderAction.Release);
        driver.Apply();

        Poll.Until(() => stuck.Copies > 0, Patience, () => $"not released\nposttls log:\n{bed.PostTlsLogText()}\nmaillog:\n{bed.MailLogText()}");
        Assert.Equal(1, stuck.CopiesOnceSettled(Patience));
        var copy = bed.SinkMessagesContaining(stuck.Marker).Single();
        Assert.Contains($"X-Rcpt-Args: <{stuck.Recipient}>", copy, StringComparison.Ordinal);
        Assert.DoesNotContain(Archive, copy, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, ArchiveCopiesOnceSettled(stuck.Marker));
    }

    /// <summary>Copies of the test message itself in the archive mailbox (not PostTLS's notices about it).</summary>
    private List<string> ArchiveCopies(string marker) =>
        bed.MailboxMessages(PostfixTestBed.ArchiveMailbox)
            .Where(m => TestMessage.HeaderLines(m).Contains($"Subject: test {marker}"))
            .ToList();

    private int ArchiveCopiesOnceSettled(string marker)
    {
        Poll.Until(() => ArchiveCopies(marker).Count > 0, Patience, () => $"no copy for {Archive}:\n{bed.MailLogText()}");
        Thread.Sleep(1500); // a second copy takes the same path and would arrive within this on the bed
        return ArchiveCopies(marker).Count;
    }
}
