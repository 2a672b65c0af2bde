using System.Globalization;
using PostTls.Configuration;
using PostTls.Queue;

namespace PostTls.Notify.Texts;

/// <summary>The built-in German texts (formal "Sie").</summary>
internal sealed class GermanTexts : NoticeTexts
{
    public static readonly GermanTexts Instance = new();

    // InvariantGlobalization leaves no German culture data, so the names live here.
    private static readonly string[] DayNames =
        ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"];

    private static readonly string[] MonthNames =
        ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"];

    private GermanTexts()
    {
    }

    public override string Language => "de";

    public override string FormatDate(DateTimeOffset time) => string.Create(
        CultureInfo.InvariantCulture,
        $"{DayNames[(int)time.DayOfWeek]}, {time.Day}. {MonthNames[time.Month - 1]} {time.Year}, {time:HH:mm} {Zone(time.Offset)}");

    public override string NoSubject => "(ohne Betreff)";

    public override string NoticeSubject(string originalSubject) =>
        $"Ihre Nachricht konnte nicht verschlüsselt versendet werden: {originalSubject}";

    public override string ReminderSubject(int number, string originalSubject) =>
        $"Erinnerung {number}: Ihre Nachricht konnte nicht verschlüsselt versendet werden: {originalSubject}";

    public override string AppliedSubject(PolicyAction action, string originalSubject) => action switch
    {
        PolicyAction.Return => $"Ihre Nachricht wurde zurückgeschickt: {originalSubject}",
        PolicyAction.Delete => $"Ihre Nachricht wurde gelöscht: {originalSubject}",
        PolicyAction.Hold => $"Ihre Nachricht wurde angehalten: {originalSubject}",
        PolicyAction.Release => $"Ihre Nachricht wurde ohne Verschlüsselung versendet: {originalSubject}",
        _ => $"Ihre Nachricht wartet weiter auf verschlüsselten Versand: {originalSubject}",
    };

    public override string NoticeIntro =>
        "Ihre Nachricht konnte nicht verschlüsselt versendet werden. Sie wartet auf unserem Mailserver, bis Sie entscheiden, was mit ihr geschehen soll.";

    public override string ReminderIntro =>
        "Erinnerung: Ihre Nachricht konnte nicht verschlüsselt versendet werden, und wir haben noch keine Entscheidung von Ihnen erhalten. Sie wartet weiter auf unserem Mailserver.";

    public override string SubjectLabel => "Betreff";

    public override string DateLabel => "Datum";

    public override string RecipientsIntro => "Diese Empfänger konnten nicht verschlüsselt erreicht werden:";

    public override string Reason(FailureClass failure, string? serverReply) => failure switch
    {
        FailureClass.NotOffered => "Der empfangende Server unterstützt keine Verschlüsselung.",
        FailureClass.StartTlsRefused when !string.IsNullOrEmpty(serverReply) =>
            $"Der empfangende Server hat es abgelehnt, die Verschlüsselung zu starten (Antwort: {serverReply}).",
        FailureClass.StartTlsRefused => "Der empfangende Server hat es abgelehnt, die Verschlüsselung zu starten.",
        FailureClass.HandshakeFailed => "Die Verschlüsselung mit dem empfangenden Server konnte nicht aufgebaut werden.",
        FailureClass.CertificateNotVerified =>
            "Der empfangende Server wurde erreicht, aber sein Zertifikat konnte nicht geprüft werden, daher können wir nicht sicher sein, dass wir mit dem richtigen Server sprechen.",
        FailureClass.DaneFailed => "Die Sicherheitseinträge (DANE) der Empfängerdomain konnten nicht geprüft werden.",
        FailureClass.LocalTlsProblem =>
            "Die Verschlüsselung scheiterte an einem Problem auf unserem eigenen Mailserver; der Administrator ist informiert.",
        _ => "Die Nachricht konnte nicht verschlüsselt zugestellt werden.",
    };

    public override string NeverInsecureNote =>
        "Ihre Organisation versendet an diese Domain niemals ohne Verschlüsselung.";

    public override string WithoutEncryptionExplained =>
        "Was \u201eohne Verschlüsselung\u201c bedeutet: Die Nachricht ist dann unterwegs wie eine Postkarte. Die Mailserver auf ihrem Weg und jeder, der das Netz dazwischen mitlesen kann, könnten sie lesen. Wählen Sie das nur, wenn das für diese Nachricht in Ordnung ist.";

    public override string ChoicePrompt => "Bitte entscheiden Sie:";

    public override string ReleaseLabel => "Ohne Verschlüsselung senden";

    public override string ReleaseInstruction => "Um sie ohne Verschlüsselung zu senden, schicken Sie eine leere E-Mail an:";

    public override string RememberLabel(string domain) => $"Ohne Verschlüsselung senden, und ebenso für {domain}";

    public override string RememberInstruction(string domain, string until) =>
        $"Um sie ohne Verschlüsselung zu senden und auch Ihre weiteren Nachrichten an {domain} ohne Nachfrage ohne Verschlüsselung zu senden, wenn sie nicht verschlüsselt versendet werden können (bis {until}; jedes Mal erhalten Sie eine Bestätigung, mit der Sie das beenden können), schicken Sie eine leere E-Mail an:";

    public override string TlsRequiredNoRefused =>
        "Ihre Nachricht trug die Kopfzeile „TLS-Required: No“, mit der Ihr Mailprogramm gebeten hat, sie notfalls auch ohne Verschlüsselung zu senden. An die Domains dieser Empfänger geschieht das nie.";

    public override string DeleteLabel => "Löschen";

    public override string DeleteInstruction => "Um sie zu löschen, schicken Sie eine leere E-Mail an:";

    public override string ReleaseOnlyForOthers =>
        "Ohne Verschlüsselung wird sie nur an die Empfänger gesendet, deren Domain das erlaubt.";

    public override string NoReleaseNeverInsecure =>
        "Ohne Verschlüsselung kann sie nicht gesendet werden, weil Ihre Organisation an die Domains dieser Empfänger niemals unverschlüsselt versendet.";

    public override string NoReleaseOffered => "Ohne Verschlüsselung senden ist für diese Nachricht nicht möglich.";

    public override string IfNothing(PolicyAction action, string deadline) => action switch
    {
        PolicyAction.Return => $"Wenn Sie nichts tun, wird die Nachricht am {deadline} an Sie zurückgeschickt.",
        PolicyAction.Delete => $"Wenn Sie nichts tun, wird die Nachricht am {deadline} gelöscht.",
        PolicyAction.Hold => $"Wenn Sie nichts tun, wird die Nachricht am {deadline} für den Administrator angehalten.",
        PolicyAction.Release => $"Wenn Sie nichts tun, wird die Nachricht am {deadline} ohne Verschlüsselung versendet.",
        _ => $"Wenn Sie nichts tun, fragen wir ab {deadline} nicht mehr nach: Das Mailsystem versucht weiter, die Nachricht verschlüsselt zuzustellen, bis es aufgibt, und schickt Ihnen dann eine Unzustellbarkeitsnachricht.",
    };

    public override string DeadlineIntro(string deadline) =>
        $"Sie haben bis {deadline} nicht entschieden, was mit Ihrer Nachricht geschehen soll, die nicht verschlüsselt versendet werden konnte.";

    public override string NeverInsecureIntro =>
        "Ihre Nachricht konnte nicht verschlüsselt versendet werden, und Ihre Organisation versendet an die Domains der folgenden Empfänger niemals ohne Verschlüsselung.";

    public override string ActionDone(PolicyAction action) => action switch
    {
        PolicyAction.Return =>
            "Sie wurde deshalb an Sie zurückgeschickt: Das Mailsystem sendet sie Ihnen in einer eigenen Unzustellbarkeitsnachricht zurück.",
        PolicyAction.Delete => "Sie wurde deshalb gelöscht und nicht an die folgenden Empfänger gesendet.",
        PolicyAction.Hold => "Sie wurde deshalb für den Administrator angehalten, der entscheidet, was mit ihr geschieht.",
        PolicyAction.Release => "Sie wurde deshalb gemäß der Richtlinie Ihrer Organisation ohne Verschlüsselung versendet.",
        _ => "Sie bleibt deshalb dem Mailsystem überlassen: Es versucht weiter, sie verschlüsselt zuzustellen, bis es aufgibt, und schickt Ihnen dann eine Unzustellbarkeitsnachricht.",
    };

    public override string StillNeeded =>
        "Wenn die Empfänger die Nachricht dennoch brauchen, senden Sie sie bitte auf einem anderen Weg, oder wenden Sie sich an Ihre IT-Abteilung.";

    public override string Footer => "Dies ist eine automatische Nachricht des Mailservers Ihrer Organisation.";

    public override string ActionPhrase(PolicyAction action) => action switch
    {
        PolicyAction.Return => "an Sie zurückgeschickt",
        PolicyAction.Delete => "gelöscht",
        PolicyAction.Hold => "für den Administrator angehalten",
        PolicyAction.Release => "ohne Verschlüsselung versendet",
        _ => "dem Mailsystem überlassen",
    };

    public override string AdminSubject(int count) => count == 1
        ? "PostTLS: 1 Nachricht hängt wegen der TLS-Einrichtung dieses Servers"
        : $"PostTLS: {count} Nachrichten hängen wegen der TLS-Einrichtung dieses Servers";

    public override string AdminIntro =>
        "Postfix konnte die folgenden Nachrichten wegen eines Problems auf der Seite dieses Servers (TLS-Engine oder -Konfiguration) nicht verschlüsselt versenden, nicht wegen der empfangenden Server. Die Absender wurden nicht benachrichtigt; die Nachrichten bleiben in der Warteschlange.";

    public override string QueueIdLabel => "Queue-ID";

    public override string SenderLabel => "Absender";

    public override string RecipientLabel => "Empfänger";

    public override string ReasonLabel => "Grund";

    public override string AdminChecksIntro => "Bitte prüfen Sie:";

    public override IReadOnlyList<string> AdminChecks { get; } =
    [
        "die smtp_tls_*-Einstellungen in main.cf (postconf -n | grep '^smtp_tls'), zum Beispiel smtp_tls_security_level, smtp_tls_CAfile und smtp_tls_CApath;",
        "ob der Dienst tlsmgr in master.cf aktiviert ist und läuft (suchen Sie im Mail-Log nach Meldungen von tlsmgr und TLS-Fehlern);",
        "ob die dort genannten Zertifikats-, Schlüssel- und CA-Dateien vorhanden, gültig und für Postfix lesbar sind.",
    ];

    public override string AdminRetry => "Nach der Behebung versucht \"postqueue -f\" die Warteschlange sofort erneut.";

    public override string ProblemSubject(string queueId) => $"PostTLS konnte Nachricht {queueId} nicht bearbeiten";

    public override string ProblemIntro =>
        "PostTLS konnte für die folgende Nachricht nicht tun, was verlangt war. Alle anderen Nachrichten wurden weiter bearbeitet. Der Absender wurde benachrichtigt, soweit das möglich ist.";

    public override string RequestLabel => "Auftrag";

    public override string ProblemLabel => "Problem";

    public override string OutcomeLabel => "Stand";

    public override string ProblemAdvice(string queueId) =>
        $"\"posttls show {queueId}\" zeigt die Nachricht und ihren Verlauf; die Log-Zeilen von posttls/sweep und posttls/apply nennen die Einzelheiten.";

    public override string TagReusedSubject(int count) => count == 1
        ? "PostTLS: 1 Nachricht in der Warteschlange trägt die Kennung einer anderen"
        : $"PostTLS: {count} Nachrichten in der Warteschlange tragen die Kennung einer anderen";

    public override string TagReusedIntro =>
        "Die folgenden Nachrichten in der Warteschlange tragen die X-PostTLS-ID-Kennung einer anderen Nachricht, ohne diese Nachricht zu sein: Jemand hat eine Kopie mit der Kennung der Mail einer anderen Person eingeliefert, etwa mit dem lokalen sendmail-Befehl oder von einem Rechner in mynetworks, womöglich um über diese Mail zu entscheiden. PostTLS traut ihnen nicht: Sie gelten als nicht gekennzeichnet, ihre Absender werden nichts gefragt, und die Nachricht, der die Kennung gehört, bleibt unberührt.";

    public override IReadOnlyList<string> TagReusedChecks { get; } =
    [
        "wer die Nachricht eingeliefert hat: \"postcat -q QUEUE-ID\" zeigt Umschlag und Received:-Zeilen, das Mail-Log den Client oder lokalen Benutzer;",
        "dass keine zugestellte Mail X-PostTLS-ID aus diesem Server hinausträgt: \"posttls check\" sagt, ob jeder smtp- und lmtp-Transport sie entfernt;",
        "was mit der Nachricht geschehen soll: \"posttls show QUEUE-ID\", dann \"postsuper -d QUEUE-ID\" zum Löschen; bis dahin hält Postfix sie unter Ihrer TLS-Richtlinie.",
    ];
}
