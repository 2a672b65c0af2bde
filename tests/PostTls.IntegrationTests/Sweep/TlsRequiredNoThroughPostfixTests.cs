using PostTls.IntegrationTests.TestBed;

namespace PostTls.IntegrationTests.Sweep;

/// <summary>
/// Issue 15 §2: a sender's "TLS-Required: No" (RFC 8689), chosen at send time, through the
/// real Postfix (which, with the snippets, defers it for TLS like any other mail on 3.10 too).
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class TlsRequiredNoThroughPostfixTests(PostfixTestBed bed)
{
    private const string Header = "TLS-Required: No\n";

    [Fact]
    public void Verified_LeavesAtTheFirstSweepAfterItsDeferral_OnceWithTheHeader_WithoutANotice()
    {
        var mail = StuckMail.Submit(bed, "kim", extraHeaders: Header);

        new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();

        Assert.Equal(1, mail.CopiesOnceSettled(SenderSide.Patience));
        new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();
        Assert.Equal(1, mail.CopiesOnceSettled(TimeSpan.FromSeconds(5)));
        var copy = bed.SinkMessagesContaining(mail.Marker).Single();
        Assert.Contains(TestMessage.HeaderLines(copy), l => l.Equals("TLS-Required: No", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, mail.Mails("notice"));
        mail.WaitForMails("confirmation", 1);
        var confirmation = StuckMail.MailsAbout(bed, mail.Mailbox, mail.Marker, "confirmation").Single();
        Assert.Contains("\"TLS-Required: No\"", confirmation, StringComparison.Ordinal);
        Assert.Contains("header:kim@posttls.test", AuditTrail.Of(bed, mail.Marker, "actor"));
        Assert.Contains(AuditTrail.Of(bed, mail.Marker, "detail"), d => d.Contains("TLS-Required: No", StringComparison.Ordinal));
    }

    [Fact]
    public void NeverInsecureRecipient_NotReleased_AndTheSenderIsToldWhyTheHeaderWasNotHonoured()
    {
        var never = TestMessage.NewMarker() + "-never." + PostfixTestBed.TlsDomain;
        bed.NeverInsecure("add", never);
        try
        {
            var mail = StuckMail.Submit(bed, "kim", domain: never, extraHeaders: Header);

            new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();

            mail.WaitForMails("never-insecure", 1);
            var notice = StuckMail.MailsAbout(bed, mail.Mailbox, mail.Marker, "never-insecure").Single();
            Assert.Contains("\"TLS-Required: No\"", notice, StringComparison.Ordinal);
            Poll.Until(() => mail.Queued is null, SenderSide.Patience, () => "not returned");
            Assert.Equal(0, mail.Copies);
        }
        finally
        {
            bed.NeverInsecure("remove", never);
        }
    }

    [Fact]
    public void NotHonoured_WhenSwitchedOff_TheSenderIsAsked()
    {
        bed.SetPostTlsConfig("honour_tls_required_no = no\n");
        try
        {
            var mail = StuckMail.Submit(bed, "kim", extraHeaders: Header);

            new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();

            mail.WaitForMails("notice", 1);
            Assert.Equal(0, mail.Copies);
            mail.Decide(PostTls.Tagging.SenderAction.Delete);
            new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Apply();
        }
        finally
        {
            bed.SetPostTlsConfig();
        }
    }

    [Fact]
    public void Unfiltered_NotTagged_NotHonoured()
    {
        var marker = TestMessage.NewMarker();
        var recipient = $"{marker}@{PostfixTestBed.TlsDomain}";
        SenderSide.Unfiltered(bed, "kim@posttls.test", recipient,
            $"From: <kim@posttls.test>\nTo: <{recipient}>\nSubject: {marker}\nMessage-ID: <{marker}@client.posttls.test>\n{Header}\nHello.\n");
        var entry = bed.WaitForTlsDeferral(recipient);

        new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();

        Assert.Equal(entry.QueueId, bed.QueuedFor(recipient)?.QueueId);
        Assert.Empty(bed.SinkMessagesContaining(marker));
        Assert.DoesNotContain(AuditTrail.Of(bed, marker, "action"), a => a == "choice used");
        Command.Run(PostfixTestBed.Tool("postsuper"), "-c", bed.Etc, "-d", entry.QueueId).EnsureSuccess("postsuper -d");
    }
}
