using PostTls.Configuration;
using PostTls.Notify;
using PostTls.Queue;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Notify;

/// <summary>What notices say, in English and German, found in both parts as Python decodes them.</summary>
[Collection(ChildProcessCollection.Name)]
public sealed class NoticeContentTests
{
    private const string Reply = "454 4.7.0 TLS not available due to local problem";

    public static TheoryData<string, string, string> Reasons() => new()
    {
        { "en", nameof(FailureClass.NotOffered), "the receiving server does not support encryption." },
        { "en", nameof(FailureClass.StartTlsRefused), $"the receiving server refused to start encryption (it said: {Reply})." },
        { "en", nameof(FailureClass.HandshakeFailed), "encryption with the receiving server could not be set up." },
        { "en", nameof(FailureClass.CertificateNotVerified), "its certificate could not be verified, so we cannot be sure we are talking to the right server." },
        { "en", nameof(FailureClass.DaneFailed), "the receiving domain's security records (DANE) could not be checked." },
        { "de", nameof(FailureClass.NotOffered), "Der empfangende Server unterstützt keine Verschlüsselung." },
        { "de", nameof(FailureClass.StartTlsRefused), $"Der empfangende Server hat es abgelehnt, die Verschlüsselung zu starten (Antwort: {Reply})." },
        { "de", nameof(FailureClass.HandshakeFailed), "Die Verschlüsselung mit dem empfangenden Server konnte nicht aufgebaut werden." },
        { "de", nameof(FailureClass.CertificateNotVerified), "sein Zertifikat konnte nicht geprüft werden, daher können wir nicht sicher sein, dass wir mit dem richtigen Server sprechen." },
        { "de", nameof(FailureClass.DaneFailed), "Die Sicherheitseinträge (DANE) der Empfängerdomain konnten nicht geprüft werden." },
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Compose_EachFailureClass_ExplainsItInBothParts(string language, string failure, string reason)
    {
        var recipient = NoticeSamples.Recipient(Enum.Parse<FailureClass>(failure), reply: Reply);
        var raw = NoticeSamples.Composer(language).Compose(NoticeSamples.Notice(recipients: [recipient]));
        var message = PythonEmail.Parse(raw);

        MessageAssert.WellFormed(raw);
        MessageAssert.IsNotice(message);
        MessageAssert.BothPartsSay(message, "bob@example.net: ");
        MessageAssert.BothPartsSay(message, reason);
    }

    public static TheoryData<string, string, string, string, string, string> Languages() => new()
    {
        {
            "en",
            "Your message could not be sent encrypted: Quarterly report",
            "To send it without encryption, send an empty mail to:",
            "To delete it, send an empty mail to:",
            "the message travels like a postcard",
            "If you do nothing, the message will be returned to you on Monday, 23 November 2026, 14:00 UTC."
        },
        {
            "de",
            "Ihre Nachricht konnte nicht verschlüsselt versendet werden: Quarterly report",
            "Um sie ohne Verschlüsselung zu senden, schicken Sie eine leere E-Mail an:",
            "Um sie zu löschen, schicken Sie eine leere E-Mail an:",
            "Die Nachricht ist dann unterwegs wie eine Postkarte.",
            "Wenn Sie nichts tun, wird die Nachricht am Montag, 23. November 2026, 14:00 UTC an Sie zurückgeschickt."
        },
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public void Compose_Notice_OffersBothActionsInBothParts(string language, string subject, string release, string delete, string postcard, string ifNothing)
    {
        var message = PythonEmail.Parse(NoticeSamples.Composer(language).Compose(NoticeSamples.Notice()));

        Assert.Equal(subject, message.Subject);
        MessageAssert.BothPartsSay(message, "Quarterly report");
        MessageAssert.BothPartsSay(message, $"{release} {NoticeSamples.ReleaseAddress}");
        MessageAssert.BothPartsSay(message, $"{delete} {NoticeSamples.DeleteAddress}");
        MessageAssert.BothPartsSay(message, postcard);
        MessageAssert.BothPartsSay(message, ifNothing);
        var text = message.Parts[0].Content.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains($"{release} {NoticeSamples.ReleaseAddress}", text);
        Assert.Contains($"{delete} {NoticeSamples.DeleteAddress}", text);
        var hrefs = message.Parts[1].Hrefs;
        Assert.Contains(hrefs, h => h.StartsWith($"mailto:{NoticeSamples.ReleaseAddress}?subject=", StringComparison.Ordinal));
        Assert.Contains(hrefs, h => h.StartsWith($"mailto:{NoticeSamples.DeleteAddress}?subject=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("en", "Send without encryption", "Delete")]
    [InlineData("de", "Ohne Verschlüsselung senden", "Löschen")]
    public void Compose_Notice_HtmlButtonsOpenMailWithTheirLabelAsSubject(string language, string release, string delete)
    {
        var message = PythonEmail.Parse(NoticeSamples.Composer(language).Compose(NoticeSamples.Notice()));

        var hrefs = message.Parts[1].Hrefs;
        Assert.Contains($"mailto:{NoticeSamples.ReleaseAddress}?subject={Uri.EscapeDataString(release)}", hrefs);
        Assert.Contains($"mailto:{NoticeSamples.DeleteAddress}?subject={Uri.EscapeDataString(delete)}", hrefs);
        Assert.Contains(release, message.Parts[1].Text, StringComparison.Ordinal);
        Assert.Contains(delete, message.Parts[1].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Sending it without encryption is not possible, because your organisation never sends mail to these recipients' domains without encryption.", "To send it without encryption")]
    [InlineData("de", "Ohne Verschlüsselung kann sie nicht gesendet werden, weil Ihre Organisation an die Domains dieser Empfänger niemals unverschlüsselt versendet.", "Um sie ohne Verschlüsselung zu senden")]
    public void Compose_NoReleaseAddress_OffersOnlyDeleteAndSaysWhy(string language, string why, string releaseInstruction)
    {
        var recipients = new[] { NoticeSamples.Recipient(FailureClass.NotOffered, neverInsecure: true) };
        var raw = NoticeSamples.Composer(language).Compose(NoticeSamples.Notice(recipients: recipients, releaseAddress: null));
        var message = PythonEmail.Parse(raw);

        MessageAssert.WellFormed(raw);
        MessageAssert.IsNotice(message);
        MessageAssert.BothPartsSay(message, why);
        MessageAssert.BothPartsSay(message, NoticeSamples.DeleteAddress);
        MessageAssert.NeitherPartSays(message, releaseInstruction);
        MessageAssert.NeitherPartSays(message, "posttls-send-");
        Assert.DoesNotContain(message.Parts[1].Hrefs, h => h.Contains("posttls-send-", StringComparison.Ordinal));
    }

    [Fact]
    public void Compose_NoReleaseAddressWithoutNeverInsecure_SaysItIsNotOffered()
    {
        var message = PythonEmail.Parse(NoticeSamples.Composer().Compose(NoticeSamples.Notice(releaseAddress: null)));

        MessageAssert.BothPartsSay(message, "Sending it without encryption is not offered for this message.");
        MessageAssert.NeitherPartSays(message, "posttls-send-");
    }

    [Theory]
    [InlineData("en", "Your organisation never sends mail to this domain without encryption.", "Without encryption it is sent only to the recipients whose domain allows it.")]
    [InlineData("de", "Ihre Organisation versendet an diese Domain niemals ohne Verschlüsselung.", "Ohne Verschlüsselung wird sie nur an die Empfänger gesendet, deren Domain das erlaubt.")]
    public void Compose_SomeRecipientsNeverInsecure_MarksThemAndLimitsRelease(string language, string note, string limit)
    {
        var recipients = new[]
        {
            NoticeSamples.Recipient(FailureClass.NotOffered),
            NoticeSamples.Recipient(FailureClass.CertificateNotVerified, "carol@bank.example", neverInsecure: true),
        };
        var message = PythonEmail.Parse(NoticeSamples.Composer(language).Compose(NoticeSamples.Notice(recipients: recipients)));

        MessageAssert.BothPartsSay(message, note);
        MessageAssert.BothPartsSay(message, limit);
        MessageAssert.BothPartsSay(message, NoticeSamples.ReleaseAddress);
        // Only the never-insecure recipient carries the note.
        Assert.Equal(2, Collapse(message).Split(note).Length);
    }

    [Theory]
    [InlineData("en", PolicyAction.Return, "If you do nothing, the message will be returned to you on Monday, 23 November 2026, 14:00 UTC.")]
    [InlineData("en", PolicyAction.Delete, "If you do nothing, the message will be deleted on Monday, 23 November 2026, 14:00 UTC.")]
    [InlineData("en", PolicyAction.Leave, "If you do nothing, you will not be asked again after Monday, 23 November 2026, 14:00 UTC: the mail system keeps trying to deliver the message encrypted until it gives up")]
    [InlineData("de", PolicyAction.Return, "Wenn Sie nichts tun, wird die Nachricht am Montag, 23. November 2026, 14:00 UTC an Sie zurückgeschickt.")]
    [InlineData("de", PolicyAction.Delete, "Wenn Sie nichts tun, wird die Nachricht am Montag, 23. November 2026, 14:00 UTC gelöscht.")]
    [InlineData("de", PolicyAction.Leave, "Wenn Sie nichts tun, fragen wir ab Montag, 23. November 2026, 14:00 UTC nicht mehr nach: Das Mailsystem versucht weiter")]
    internal void Compose_DefaultAction_SaysWhatHappensAndWhen(string language, PolicyAction action, string sentence)
    {
        var message = PythonEmail.Parse(NoticeSamples.Composer(language).Compose(NoticeSamples.Notice(defaultAction: action)));

        MessageAssert.BothPartsSay(message, sentence);
    }

    [Theory]
    [InlineData("en", "Reminder 2: Your message could not be sent encrypted: Quarterly report", "we have not received your decision yet")]
    [InlineData("de", "Erinnerung 2: Ihre Nachricht konnte nicht verschlüsselt versendet werden: Quarterly report", "wir haben noch keine Entscheidung von Ihnen erhalten")]
    public void Compose_Reminder_NumbersItAndStillOffersActions(string language, string subject, string sentence)
    {
        var raw = NoticeSamples.Composer(language).Compose(NoticeSamples.Notice(NoticeKind.Reminder, reminderNumber: 2));
        var message = PythonEmail.Parse(raw);

        MessageAssert.WellFormed(raw);
        Assert.Equal(subject, message.Subject);
        MessageAssert.BothPartsSay(message, sentence);
        MessageAssert.BothPartsSay(message, NoticeSamples.ReleaseAddress);
        MessageAssert.BothPartsSay(message, NoticeSamples.DeleteAddress);
    }

    [Theory]
    [InlineData("en", "Monday, 23 November 2026, 09:12 UTC+01:00")]
    [InlineData("de", "Montag, 23. November 2026, 09:12 UTC+01:00")]
    public void Compose_OriginalDate_IsShownInTheSendersOffset(string language, string date)
    {
        var message = PythonEmail.Parse(NoticeSamples.Composer(language).Compose(NoticeSamples.Notice()));

        MessageAssert.BothPartsSay(message, date);
    }

    [Fact]
    public void Compose_UnreadableOriginalDate_IsShownAsWritten_MissingOne_AsArrival()
    {
        var odd = PythonEmail.Parse(NoticeSamples.Composer().Compose(NoticeSamples.Notice() with { OriginalDate = "yesterday-ish" }));
        var missing = PythonEmail.Parse(NoticeSamples.Composer().Compose(NoticeSamples.Notice() with { OriginalDate = null }));

        MessageAssert.BothPartsSay(odd, "yesterday-ish");
        MessageAssert.BothPartsSay(missing, "Monday, 23 November 2026, 08:12 UTC");
    }

    public static TheoryData<string, string, string, string> Applied() => new()
    {
        { "en", nameof(PolicyAction.Return), "Your message was returned: Quarterly report", "It has therefore been returned to you" },
        { "en", nameof(PolicyAction.Delete), "Your message was deleted: Quarterly report", "It has therefore been deleted" },
        { "en", nameof(PolicyAction.Hold), "Your message is on hold: Quarterly report", "It has therefore been put on hold for the administrator" },
        { "en", nameof(PolicyAction.Leave), "Your message is still waiting to be sent encrypted: Quarterly report", "It has therefore been left to the mail system" },
        { "de", nameof(PolicyAction.Return), "Ihre Nachricht wurde zurückgeschickt: Quarterly report", "Sie wurde deshalb an Sie zurückgeschickt" },
        { "de", nameof(PolicyAction.Delete), "Ihre Nachricht wurde gelöscht: Quarterly report", "Sie wurde deshalb gelöscht" },
        { "de", nameof(PolicyAction.Hold), "Ihre Nachricht wurde angehalten: Quarterly report", "Sie wurde deshalb für den Administrator angehalten" },
        { "de", nameof(PolicyAction.Leave), "Ihre Nachricht wartet weiter auf verschlüsselten Versand: Quarterly report", "Sie bleibt deshalb dem Mailsystem überlassen" },
    };

    [Theory]
    [MemberData(nameof(Applied))]
    public void Compose_DeadlineApplied_SaysWhatWasDoneAndWhy_WithoutButtons(string language, string action, string subject, string done)
    {
        var notice = NoticeSamples.Notice(NoticeKind.DeadlineApplied, appliedAction: Enum.Parse<PolicyAction>(action));
        var raw = NoticeSamples.Composer(language).Compose(notice);
        var message = PythonEmail.Parse(raw);

        MessageAssert.WellFormed(raw);
        MessageAssert.IsNotice(message);
        Assert.Equal(subject, message.Subject);
        MessageAssert.BothPartsSay(message, done);
        MessageAssert.BothPartsSay(message, language == "en" ? "You did not decide by Monday, 23 November 2026, 14:00 UTC" : "Sie haben bis Montag, 23. November 2026, 14:00 UTC nicht entschieden");
        MessageAssert.BothPartsSay(message, "bob@example.net");
        AssertNoActions(message);
    }

    [Theory]
    [MemberData(nameof(Applied))]
    public void Compose_NeverInsecureApplied_SaysWhatWasDoneAndWhy_WithoutButtons(string language, string action, string subject, string done)
    {
        var recipients = new[] { NoticeSamples.Recipient(FailureClass.CertificateNotVerified, "carol@bank.example", neverInsecure: true) };
        var notice = NoticeSamples.Notice(NoticeKind.NeverInsecureApplied, recipients: recipients, appliedAction: Enum.Parse<PolicyAction>(action));
        var raw = NoticeSamples.Composer(language).Compose(notice);
        var message = PythonEmail.Parse(raw);

        MessageAssert.WellFormed(raw);
        MessageAssert.IsNotice(message);
        Assert.Equal(subject, message.Subject);
        MessageAssert.BothPartsSay(message, done);
        MessageAssert.BothPartsSay(message, language == "en"
            ? "your organisation never sends mail to the domains of the recipients below without encryption"
            : "Ihre Organisation versendet an die Domains der folgenden Empfänger niemals ohne Verschlüsselung");
        MessageAssert.BothPartsSay(message, "carol@bank.example");
        AssertNoActions(message);
    }

    [Fact]
    public void Compose_AppliedWithoutAppliedAction_UsesDefaultAction()
    {
        var notice = NoticeSamples.Notice(NoticeKind.DeadlineApplied, defaultAction: PolicyAction.Delete);
        var message = PythonEmail.Parse(NoticeSamples.Composer().Compose(notice));

        Assert.Equal("Your message was deleted: Quarterly report", message.Subject);
    }

    [Fact]
    public void Compose_LongServerReply_IsShortened()
    {
        var recipients = new[] { NoticeSamples.Recipient(FailureClass.StartTlsRefused, reply: "454 " + new string('x', 1000)) };
        var message = PythonEmail.Parse(NoticeSamples.Composer().Compose(NoticeSamples.Notice(recipients: recipients)));

        Assert.DoesNotContain(new string('x', 200), message.Parts[0].Content, StringComparison.Ordinal);
        MessageAssert.BothPartsSay(message, "(it said: 454 xxx");
        MessageAssert.BothPartsSay(message, "x\u2026).");
    }

    private static void AssertNoActions(ParsedMessage message)
    {
        MessageAssert.NeitherPartSays(message, "posttls-send-");
        MessageAssert.NeitherPartSays(message, "posttls-delete-");
        Assert.DoesNotContain(message.Parts[1].Hrefs, h => h.StartsWith("mailto:", StringComparison.Ordinal));
    }

    private static string Collapse(ParsedMessage message) => MessageAssert.Collapse(message.Parts[0].Content);
}
