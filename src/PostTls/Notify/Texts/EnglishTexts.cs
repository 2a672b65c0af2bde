using System.Globalization;
using PostTls.Configuration;
using PostTls.Queue;

namespace PostTls.Notify.Texts;

/// <summary>The built-in English texts.</summary>
internal sealed class EnglishTexts : NoticeTexts
{
    public static readonly EnglishTexts Instance = new();

    private EnglishTexts()
    {
    }

    public override string Language => "en";

    public override string FormatDate(DateTimeOffset time) =>
        time.ToString("dddd, d MMMM yyyy, HH:mm ", CultureInfo.InvariantCulture) + Zone(time.Offset);

    public override string NoSubject => "(no subject)";

    public override string NoticeSubject(string originalSubject) =>
        $"Your message could not be sent encrypted: {originalSubject}";

    public override string ReminderSubject(int number, string originalSubject) =>
        $"Reminder {number}: Your message could not be sent encrypted: {originalSubject}";

    public override string AppliedSubject(PolicyAction action, string originalSubject) => action switch
    {
        PolicyAction.Return => $"Your message was returned: {originalSubject}",
        PolicyAction.Delete => $"Your message was deleted: {originalSubject}",
        PolicyAction.Hold => $"Your message is on hold: {originalSubject}",
        PolicyAction.Release => $"Your message was sent without encryption: {originalSubject}",
        _ => $"Your message is still waiting to be sent encrypted: {originalSubject}",
    };

    public override string NoticeIntro =>
        "Your message could not be sent encrypted. It is waiting on our mail server until you decide what should happen to it.";

    public override string ReminderIntro =>
        "Reminder: your message could not be sent encrypted, and we have not received your decision yet. It is still waiting on our mail server.";

    public override string SubjectLabel => "Subject";

    public override string DateLabel => "Date";

    public override string RecipientsIntro => "It could not be delivered encrypted to:";

    public override string Reason(FailureClass failure, string? serverReply) => failure switch
    {
        FailureClass.NotOffered => "the receiving server does not support encryption.",
        FailureClass.StartTlsRefused when !string.IsNullOrEmpty(serverReply) =>
            $"the receiving server refused to start encryption (it said: {serverReply}).",
        FailureClass.StartTlsRefused => "the receiving server refused to start encryption.",
        FailureClass.HandshakeFailed => "encryption with the receiving server could not be set up.",
        FailureClass.CertificateNotVerified =>
            "the receiving server was reached, but its certificate could not be verified, so we cannot be sure we are talking to the right server.",
        FailureClass.DaneFailed => "the receiving domain's security records (DANE) could not be checked.",
        FailureClass.LocalTlsProblem =>
            "encryption failed because of a problem on our own mail server; the administrator has been told.",
        _ => "the message could not be delivered encrypted.",
    };

    public override string NeverInsecureNote =>
        "Your organisation never sends mail to this domain without encryption.";

    public override string WithoutEncryptionExplained =>
        "What \u201cwithout encryption\u201d means: the message travels like a postcard. The mail servers on its way, and anyone who can watch the network in between, could read it. Choose it only if that is acceptable for this message.";

    public override string ChoicePrompt => "Please choose:";

    public override string ReleaseLabel => "Send without encryption";

    public override string ReleaseInstruction => "To send it without encryption, send an empty mail to:";

    public override string RememberLabel(string domain) => $"Send without encryption, and do the same for {domain}";

    public override string RememberInstruction(string domain, string until) =>
        $"To send it without encryption, and also send your further messages to {domain} without encryption and without asking you whenever they cannot be sent encrypted (until {until}; each time you get a confirmation with which you can stop it), send an empty mail to:";

    public override string TlsRequiredNoRefused =>
        "Your message carried the header field \"TLS-Required: No\", with which your mail program asked for it to be sent even without encryption. That is never done for these recipients' domains.";

    public override string DeleteLabel => "Delete";

    public override string DeleteInstruction => "To delete it, send an empty mail to:";

    public override string ReleaseOnlyForOthers =>
        "Without encryption it is sent only to the recipients whose domain allows it.";

    public override string NoReleaseNeverInsecure =>
        "Sending it without encryption is not possible, because your organisation never sends mail to these recipients' domains without encryption.";

    public override string NoReleaseOffered => "Sending it without encryption is not offered for this message.";

    public override string IfNothing(PolicyAction action, string deadline) => action switch
    {
        PolicyAction.Return => $"If you do nothing, the message will be returned to you on {deadline}.",
        PolicyAction.Delete => $"If you do nothing, the message will be deleted on {deadline}.",
        PolicyAction.Hold => $"If you do nothing, the message will be put on hold for the administrator on {deadline}.",
        PolicyAction.Release => $"If you do nothing, the message will be sent without encryption on {deadline}.",
        _ => $"If you do nothing, you will not be asked again after {deadline}: the mail system keeps trying to deliver the message encrypted until it gives up, and then sends you a delivery failure report.",
    };

    public override string DeadlineIntro(string deadline) =>
        $"You did not decide by {deadline} what should happen to your message, which could not be sent encrypted.";

    public override string NeverInsecureIntro =>
        "Your message could not be sent encrypted, and your organisation never sends mail to the domains of the recipients below without encryption.";

    public override string ActionDone(PolicyAction action) => action switch
    {
        PolicyAction.Return =>
            "It has therefore been returned to you: the mail system sends it back to you in a separate delivery failure report.",
        PolicyAction.Delete => "It has therefore been deleted and was not sent to the recipients below.",
        PolicyAction.Hold => "It has therefore been put on hold for the administrator, who decides what happens to it.",
        PolicyAction.Release => "It has therefore been sent without encryption, as your organisation's policy says.",
        _ => "It has therefore been left to the mail system: it keeps trying to deliver the message encrypted until it gives up, and then sends you a delivery failure report.",
    };

    public override string StillNeeded =>
        "If the recipients still need this message, please find another way to send it, or ask your IT administrator for help.";

    public override string Footer => "This is an automatic message from your organisation's mail server.";

    public override string ActionPhrase(PolicyAction action) => action switch
    {
        PolicyAction.Return => "returned to you",
        PolicyAction.Delete => "deleted",
        PolicyAction.Hold => "put on hold for the administrator",
        PolicyAction.Release => "sent without encryption",
        _ => "left to the mail system",
    };

    public override string AdminSubject(int count) => count == 1
        ? "PostTLS: 1 message held up by this server's own TLS setup"
        : $"PostTLS: {count} messages held up by this server's own TLS setup";

    public override string AdminIntro =>
        "Postfix could not send the following mail encrypted because of a problem on this server's side (its TLS engine or configuration), not because of the receiving servers. The senders have not been told; the mail stays in the queue.";

    public override string QueueIdLabel => "Queue ID";

    public override string SenderLabel => "Sender";

    public override string RecipientLabel => "Recipient";

    public override string ReasonLabel => "Reason";

    public override string AdminChecksIntro => "Please check:";

    public override IReadOnlyList<string> AdminChecks { get; } =
    [
        "the smtp_tls_* settings in main.cf (postconf -n | grep '^smtp_tls'), for example smtp_tls_security_level, smtp_tls_CAfile and smtp_tls_CApath;",
        "that the tlsmgr service is enabled in master.cf and running (look for tlsmgr and TLS errors in the mail log);",
        "that the certificate, key and CA files named in those settings exist, are valid and can be read by Postfix.",
    ];

    public override string AdminRetry => "After fixing the problem, \"postqueue -f\" retries the queue at once.";

    public override string ProblemSubject(string queueId) => $"PostTLS could not act on message {queueId}";

    public override string ProblemIntro =>
        "PostTLS could not do what was asked for the following message. It went on with all other messages. The sender has been told, if they can be.";

    public override string RequestLabel => "Request";

    public override string ProblemLabel => "Problem";

    public override string OutcomeLabel => "Now";

    public override string ProblemAdvice(string queueId) =>
        $"\"posttls show {queueId}\" shows the message and its history; the log lines of posttls/sweep and posttls/apply give the details.";

    public override string TagReusedSubject(int count) => count == 1
        ? "PostTLS: 1 queue entry carries the tag of another message"
        : $"PostTLS: {count} queue entries carry the tag of another message";

    public override string TagReusedIntro =>
        "The following queue entries carry the X-PostTLS-ID tag of another message without being that message: someone submitted a copy with the tag of another person's mail, for example with the local sendmail command or from a host in mynetworks, perhaps to act on that mail. PostTLS does not trust them: they are tracked as untagged, their senders are not asked anything, and the message the tag belongs to is not affected.";

    public override IReadOnlyList<string> TagReusedChecks { get; } =
    [
        "who submitted the entry: \"postcat -q QUEUE-ID\" shows its envelope and Received: lines, the mail log the client or local user;",
        "that no delivered mail carries X-PostTLS-ID out of this server: \"posttls check\" tells whether every smtp and lmtp transport strips it;",
        "what to do with the entry: \"posttls show QUEUE-ID\", then \"postsuper -d QUEUE-ID\" to delete it; until then Postfix keeps it under your TLS policy.",
    ];
}
