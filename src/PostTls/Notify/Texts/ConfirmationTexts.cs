namespace PostTls.Notify.Texts;

/// <summary>The words of confirmations, in English and German. Short: the sender asked, this says what happened.</summary>
internal static class ConfirmationTexts
{
    public static (string Subject, List<string> Paragraphs) For(Confirmation c, string language)
    {
        var de = language == "de";
        var subject = c.OriginalSubject.Length > 0 ? c.OriginalSubject : de ? "(ohne Betreff)" : "(no subject)";
        var paragraphs = new List<string>();
        string title;
        switch (c.Outcome)
        {
            case ConfirmationOutcome.Released:
                title = de ? "Ohne Verschlüsselung versendet" : "Sent without encryption";
                paragraphs.Add(ReleasedIntro(c, subject, de));
                paragraphs.Add(string.Join("\n", c.Recipients.Select(r => "  - " + r)));
                paragraphs.AddRange(ChoiceParagraphs(c, de));
                break;
            case ConfirmationOutcome.Forgotten:
                title = de ? "Auswahl beendet" : "Choice ended";
                subject = string.Join(", ", (c.Choices ?? []).Select(n => n.Domain));
                paragraphs.Add(de
                    ? $"Wie gewünscht gilt Ihre Auswahl nicht mehr, Nachrichten an {subject} ohne Verschlüsselung zu senden, wenn Verschlüsselung nicht möglich ist. Von jetzt an werden Sie wieder jedes Mal gefragt."
                    : $"As you asked, your choice to send messages to {subject} without encryption when encryption is not possible has ended. From now on you are asked each time again.");
                break;
            case ConfirmationOutcome.Deleted:
                title = de ? "Gelöscht" : "Deleted";
                paragraphs.Add(de
                    ? $"Wie gewünscht wurde Ihre Nachricht „{subject}“ gelöscht. Sie wurde an die betroffenen Empfänger nicht zugestellt."
                    : $"As you asked, your message \"{subject}\" was deleted. It was not delivered to the affected recipients.");
                break;
            case ConfirmationOutcome.AlreadyDecided:
                title = de ? "Nichts geändert" : "Nothing changed";
                paragraphs.Add(de
                    ? $"Für Ihre Nachricht „{subject}“ wurde bereits entschieden ({c.Detail}). Ihre neue Anfrage hat nichts geändert."
                    : $"A decision was already made for your message \"{subject}\" ({c.Detail}). Your new request changed nothing.");
                break;
            case ConfirmationOutcome.NoLongerWaiting:
                title = de ? "Nichts geändert" : "Nothing changed";
                paragraphs.Add(de
                    ? $"Ihre Nachricht „{subject}“ wartet nicht mehr auf eine Entscheidung (sie wurde zugestellt, zurückgeschickt oder gelöscht). Es wurde nichts getan."
                    : $"Your message \"{subject}\" is no longer waiting for a decision (it was delivered, returned or removed). Nothing was done.");
                break;
            case ConfirmationOutcome.NotAllowed:
                title = de ? "Nicht erlaubt" : "Not allowed";
                paragraphs.Add(de
                    ? $"Ihre Nachricht „{subject}“ darf nicht ohne Verschlüsselung versendet werden: Ihre Organisation schickt an diese Empfänger nie unverschlüsselt. Es wurde nichts getan."
                    : $"Your message \"{subject}\" may not be sent without encryption: your organisation never sends to these recipients unencrypted. Nothing was done.");
                break;
            case ConfirmationOutcome.NotCarriedOut:
                title = de ? "Nicht ausgeführt" : "Could not be carried out";
                paragraphs.Add(de
                    ? $"Ihre Anfrage zu Ihrer Nachricht „{subject}“ konnte nicht ausgeführt werden: {c.Detail}."
                    : $"Your request about your message \"{subject}\" could not be carried out: {c.Detail}.");
                if (c.Recipients.Count > 0)
                {
                    paragraphs.Add((de ? "Zuvor wurde sie ohne Verschlüsselung versendet an:\n" : "Before that, it was sent without encryption to:\n")
                        + string.Join("\n", c.Recipients.Select(r => "  - " + r)));
                }

                paragraphs.Add(de
                    ? "Ihre Nachricht wartet weiter auf unserem Mailserver, der sie weiterhin nur verschlüsselt zuzustellen versucht. Ihre Administration ist informiert."
                    : "Your message is still waiting on our mail server, which goes on trying to deliver it encrypted only. Your mail administrator has been told.");
                if (c.Recipients.Count == 0)
                {
                    paragraphs.Add(de
                        ? "Sie können später erneut entscheiden, mit den Adressen aus der Benachrichtigung, die Sie erhalten haben."
                        : "You can decide again later, with the addresses in the notice you received.");
                }

                break;
            default:
                title = de ? "Nicht möglich" : "Could not be done";
                paragraphs.Add(de
                    ? $"Ihre Anfrage zu „{subject}“ konnte nicht ausgeführt werden: {c.Detail}. Es wurde nichts getan; wenden Sie sich bei Fragen an Ihre Administration."
                    : $"Your request about \"{subject}\" could not be carried out: {c.Detail}. Nothing was done; ask your mail administrator if in doubt.");
                break;
        }

        if (c.StillQueued.Count > 0 && c.Basis == ReleaseBasis.Header)
        {
            paragraphs.Add(de
                ? "Ihre Organisation sendet an die folgenden Empfänger nie ohne Verschlüsselung, auch nicht auf Wunsch der Kopfzeile „TLS-Required: No“."
                : "Your organisation never sends to the following recipients without encryption, not even when the header field \"TLS-Required: No\" asks for it.");
        }

        if (c.StillQueued.Count > 0)
        {
            paragraphs.Add(de
                ? "Diese Empfänger erhalten die Nachricht weiterhin nur verschlüsselt, sobald das möglich ist:\n" + string.Join("\n", c.StillQueued.Select(r => "  - " + r))
                : "These recipients still get it only encrypted, as soon as that is possible:\n" + string.Join("\n", c.StillQueued.Select(r => "  - " + r)));
        }

        paragraphs.Add(de
            ? "Dies ist eine automatische Nachricht des Mailservers Ihrer Organisation."
            : "This is an automatic message from your organisation's mail server.");
        return ($"{title}: {subject}", paragraphs);
    }

    private static string ReleasedIntro(Confirmation c, string subject, bool de) => c.Basis switch
    {
        ReleaseBasis.Header => de
            ? $"Ihre Nachricht „{subject}“ trug die Kopfzeile „TLS-Required: No“: Ihr Mailprogramm hat damit gebeten, sie notfalls auch ohne Verschlüsselung zu senden. Verschlüsselt ging es nicht, daher wurde sie ohne Verschlüsselung versendet an:"
            : $"Your message \"{subject}\" carried the header field \"TLS-Required: No\": with it, your mail program asked for it to be sent even without encryption. It could not be sent encrypted, so it was sent without encryption to:",
        ReleaseBasis.Choice => de
            ? $"Ihre Nachricht „{subject}“ konnte nicht verschlüsselt versendet werden. Wie Sie es für diese Empfänger-Domain gewählt haben, wurde sie ohne Nachfrage ohne Verschlüsselung versendet an:"
            : $"Your message \"{subject}\" could not be sent encrypted. As you chose for this recipient domain, it was sent without encryption, without asking you, to:",
        _ => de
            ? $"Wie gewünscht wurde Ihre Nachricht „{subject}“ ohne Verschlüsselung versendet an:"
            : $"As you asked, your message \"{subject}\" was sent without encryption to:",
    };

    /// <summary>Each remembered choice behind or made with the release: since when, until when, and how to end it.</summary>
    private static IEnumerable<string> ChoiceParagraphs(Confirmation c, bool de)
    {
        foreach (var note in c.Choices ?? [])
        {
            var made = note.MadeAt.ToUniversalTime().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var until = note.ExpiresAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC";
            yield return c.Basis == ReleaseBasis.Choice
                ? de
                    ? $"Diese Auswahl haben Sie am {made} für {note.Domain} getroffen; sie gilt bis {until}."
                    : $"You made this choice for {note.Domain} on {made}; it holds until {until}."
                : de
                    ? $"Wie gewählt werden auch Ihre weiteren Nachrichten an {note.Domain} bis {until} ohne Nachfrage ohne Verschlüsselung versendet, wenn sie nicht verschlüsselt versendet werden können."
                    : $"As you chose, your further messages to {note.Domain} are also sent without encryption, without asking you, until {until}, whenever they cannot be sent encrypted.";
            yield return (de ? $"Um diese Auswahl für {note.Domain} jetzt zu beenden, senden Sie eine leere Mail an:\n" : $"To end this choice for {note.Domain} now, send an empty mail to:\n")
                + "  " + note.ForgetAddress;
        }
    }
}
