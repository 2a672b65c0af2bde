using PostTls.IntegrationTests.TestBed;
using PostTls.State;

namespace PostTls.IntegrationTests.Apply;

/// <summary>
/// Issue 15 §1 through the real Postfix: a sender answers a notice with "send, and do the
/// same for this domain"; her next message to exactly that domain goes at the next sweep
/// without a notice; nobody else's, and no other domain's; forgetting, expiry and the domain
/// becoming never-insecure end it. Each test has a domain of its own (a subdomain of the
/// bed's TLS domain, routed to the sink), so no other test's mail follows its choice.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class RememberedChoiceThroughPostfixTests(PostfixTestBed bed)
{
    private const string Lea = "lea";

    [Fact]
    public void Remembered_NextMessageToThatDomain_ReleasedAtTheNextSweep_NotOthers_UntilForgotten()
    {
        var domain = NewDomain();
        var driver = new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow));
        var first = Choose(driver, domain);
        var confirmation = Confirmation(first);
        Assert.Contains("until", confirmation, StringComparison.Ordinal);
        var forget = ActionMail.Address(confirmation, "forget");
        var choice = Assert.Single(Holding(domain));
        Assert.Equal("lea@posttls.test", choice.Sender);
        Assert.Equal(ChoiceScope.NoTls, choice.Scope);

        var next = StuckMail.Submit(bed, Lea, domain);
        var otherDomain = StuckMail.Submit(bed, Lea, NewDomain());
        var subdomain = StuckMail.Submit(bed, Lea, "sub." + domain);
        var otherSender = StuckMail.Submit(bed, "max", domain);
        driver.Sweep();

        Assert.Equal(1, next.CopiesOnceSettled(SenderSide.Patience));
        Assert.Equal(0, next.Mails("notice"));
        Assert.Contains("You made this choice for " + domain, Flat(Confirmation(next)), StringComparison.Ordinal);
        Assert.Contains("choice:lea@posttls.test", AuditTrail.Of(bed, next.Marker, "actor"));
        Assert.Contains(AuditTrail.Of(bed, next.Marker, "detail"), d => d.Contains("by remembered choice of ", StringComparison.Ordinal));
        foreach (var asked in new[] { otherDomain, subdomain, otherSender })
        {
            asked.WaitForMails("notice", 1);
            Assert.Equal(0, asked.Copies);
        }

        Assert.Equal(1, Assert.Single(Holding(domain)).Uses);

        SenderSide.Answer(bed, Lea, forget);
        SenderSide.AfterApply(bed, driver, () => Holding(domain).Count == 0 ? "" : null);
        SenderSide.MailWith(bed, Lea, "X-PostTLS-Notice: confirmation", "Choice ended: " + domain);
        var afterForget = StuckMail.Submit(bed, Lea, domain);
        driver.Sweep();
        afterForget.WaitForMails("notice", 1);
        Assert.Equal(0, afterForget.Copies);

        Clean(otherDomain, subdomain, otherSender, afterForget);
    }

    [Fact]
    public void MixedMessage_OnlyThatDomainsRecipientsFollowTheChoice_TheOthersAreAsked()
    {
        var domain = NewDomain();
        var driver = new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow));
        Choose(driver, domain);
        var marker = TestMessage.NewMarker();
        var chosen = $"{marker}@{domain}";
        var other = $"{marker}@{NewDomain()}";
        var sender = Lea + "@" + PostfixTestBed.LocalDomain;
        SmtpSubmitter.Send(bed.SubmissionPort, sender, [chosen, other], TestMessage.Create(marker, sender, chosen));
        var original = bed.WaitForTlsDeferral(chosen);
        bed.WaitForTlsDeferral(other);

        driver.Sweep();

        var copy = Poll.Until(() => bed.SinkMessagesContaining(marker).FirstOrDefault(), SenderSide.Patience,
            () => $"no copy for {chosen}\n{bed.PostTlsLogText()}");
        Assert.DoesNotContain(bed.MailLogText().Split('\n'),
            l => l.Contains($"to=<{other}>", StringComparison.Ordinal) && l.Contains("relay=127.0.0.1", StringComparison.Ordinal)
                && l.Contains("status=sent", StringComparison.Ordinal));
        var kept = Poll.Until(
            () => bed.QueuedFor(other) is { } e && e.QueueId != original.QueueId
                && e.DelayReasonOf(other).Contains("TLS is required", StringComparison.Ordinal) ? e : null,
            SenderSide.Patience, () => $"the kept copy for {other} is not deferred for TLS: {bed.QueuedFor(other)}\n{bed.PostTlsLogText()}");
        Assert.Null(bed.QueuedFor(chosen));
        Assert.NotNull(copy);
        driver.Sweep();
        Poll.Until(() => StuckMail.MailsAbout(bed, Lea, marker, "notice").Count == 1, SenderSide.Patience,
            () => $"no notice about the kept copy\n{bed.PostTlsLogText()}");
        Assert.Contains(other, StuckMail.MailsAbout(bed, Lea, marker, "notice").Single(), StringComparison.Ordinal);
        Assert.Single(bed.SinkMessagesContaining(marker));
        Command.Run(PostfixTestBed.Tool("postsuper"), "-c", bed.Etc, "-d", kept.QueueId).EnsureSuccess("postsuper -d");
    }

    [Fact]
    public void RevokedByTheAdministrator_TheSenderIsAskedAgain()
    {
        var domain = NewDomain();
        var driver = new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow));
        Choose(driver, domain);

        var revoke = Command.Run(bed.Binary, "choices", "revoke", "--sender", "lea@posttls.test", "--domain", domain, "--config", bed.ConfigFile)
            .EnsureSuccess("choices revoke");
        Assert.Contains("revoked", revoke.Output, StringComparison.Ordinal);
        var later = StuckMail.Submit(bed, Lea, domain);
        driver.Sweep();

        later.WaitForMails("notice", 1);
        Assert.Equal(0, later.Copies);
        Assert.Empty(Holding(domain));
        Clean(later);
    }

    [Fact]
    public void Expired_TheSenderIsAskedAgain()
    {
        bed.SetPostTlsConfig("remember_choice_time = 30m\n");
        try
        {
            var domain = NewDomain();
            var now = DateTimeOffset.UtcNow;
            Choose(new SweepDriver(bed, new ManualClock(now)), domain);

            var later = StuckMail.Submit(bed, Lea, domain);
            new SweepDriver(bed, new ManualClock(now.AddHours(1))).Sweep();

            later.WaitForMails("notice", 1);
            Assert.Equal(0, later.Copies);
            Clean(later);
        }
        finally
        {
            bed.SetPostTlsConfig();
        }
    }

    [Fact]
    public void DomainBecomesNeverInsecure_TheChoiceEnds_AndNothingGoesInClearText()
    {
        var domain = NewDomain();
        var driver = new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow));
        Choose(driver, domain);
        bed.NeverInsecure("add", domain);
        try
        {
            var later = StuckMail.Submit(bed, Lea, domain);
            driver.Sweep();

            later.WaitForMails("never-insecure", 1);
            Assert.Equal(0, later.Copies);
            Assert.Empty(Holding(domain));
            using var database = StateDatabase.Open(bed.Settings().DataDirectory);
            Assert.Contains(new ChoiceStore(database).List(0, all: true, "lea@posttls.test"), c => c.Domain == domain && c.EndedBy == Actor.Sweep);
        }
        finally
        {
            bed.NeverInsecure("remove", domain);
        }
    }

    /// <summary>Lea's first message to <paramref name="domain"/>: notified, answered with the "always" address, released.</summary>
    private StuckMail Choose(SweepDriver driver, string domain)
    {
        var first = StuckMail.Submit(bed, Lea, domain);
        driver.Sweep();
        first.WaitForMails("notice", 1);
        var notice = StuckMail.MailsAbout(bed, Lea, first.Marker, "notice").Single();
        Assert.Contains("do the same for " + domain, Flat(notice), StringComparison.Ordinal);
        SenderSide.Answer(bed, Lea, Assert.Single(ActionMail.Addresses(notice, "always")));
        SenderSide.AfterApply(bed, driver, () => first.Copies > 0 ? "" : null);
        return first;
    }

    private string Confirmation(StuckMail mail)
    {
        mail.WaitForMails("confirmation", 1);
        return StuckMail.MailsAbout(bed, mail.Mailbox, mail.Marker, "confirmation").Single();
    }

    private List<RememberedChoice> Holding(string domain)
    {
        using var database = StateDatabase.Open(bed.Settings().DataDirectory);
        return new ChoiceStore(database).Holding(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Where(c => c.Domain == domain).ToList();
    }

    /// <summary>The text with line breaks and runs of blanks as one blank: the plain part is wrapped.</summary>
    private static string Flat(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    private static string NewDomain() => "c" + TestMessage.NewMarker() + "." + PostfixTestBed.TlsDomain;

    /// <summary>The asked messages leave the queue, deleted as their senders would.</summary>
    private void Clean(params StuckMail[] mails)
    {
        foreach (var mail in mails)
        {
            mail.Decide(PostTls.Tagging.SenderAction.Delete);
        }

        new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Apply();
    }
}
