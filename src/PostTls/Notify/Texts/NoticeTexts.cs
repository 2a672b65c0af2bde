using PostTls.Configuration;
using PostTls.Queue;

namespace PostTls.Notify.Texts;

/// <summary>
/// Everything a notification says, in one language. The people reading are ordinary senders:
/// plain words, no Postfix or TLS jargon. Values from the message arrive already cleaned
/// (one line, no control characters); escaping for HTML is the renderer's job.
/// </summary>
internal abstract class NoticeTexts
{
    /// <summary>The language tag, for html lang="…".</summary>
    public abstract string Language { get; }

    /// <summary>
    /// For example "Monday, 23 November 2026, 14:00 UTC", in the time's own offset
    /// ("…, 09:12 UTC+01:00"), so a sender recognises the date their client wrote.
    /// </summary>
    public abstract string FormatDate(DateTimeOffset time);

    public abstract string NoSubject { get; }

    public abstract string NoticeSubject(string originalSubject);

    public abstract string ReminderSubject(int number, string originalSubject);

    public abstract string AppliedSubject(PolicyAction action, string originalSubject);

    public abstract string NoticeIntro { get; }

    public abstract string ReminderIntro { get; }

    public abstract string SubjectLabel { get; }

    public abstract string DateLabel { get; }

    public abstract string RecipientsIntro { get; }

    /// <summary>One sentence, why this recipient could not be reached encrypted.</summary>
    /// <param name="serverReply">Cleaned and shortened; only used for <see cref="FailureClass.StartTlsRefused"/>.</param>
    public abstract string Reason(FailureClass failure, string? serverReply);

    public abstract string NeverInsecureNote { get; }

    /// <summary>What "without encryption" means, so the sender can judge.</summary>
    public abstract string WithoutEncryptionExplained { get; }

    public abstract string ChoicePrompt { get; }

    public abstract string ReleaseLabel { get; }

    /// <summary>Ends in ":"; the address follows.</summary>
    public abstract string ReleaseInstruction { get; }

    /// <summary>The third action's button: send, and do the same for further messages to <paramref name="domain"/>.</summary>
    public abstract string RememberLabel(string domain);

    /// <summary>The line above its address; <paramref name="until"/> is when the choice would end.</summary>
    public abstract string RememberInstruction(string domain, string until);

    /// <summary>A never-insecure notice about mail that asked with "TLS-Required: No" to go without encryption.</summary>
    public abstract string TlsRequiredNoRefused { get; }

    public abstract string DeleteLabel { get; }

    /// <summary>Ends in ":"; the address follows.</summary>
    public abstract string DeleteInstruction { get; }

    /// <summary>Some recipients are in never-insecure domains, the others can be released.</summary>
    public abstract string ReleaseOnlyForOthers { get; }

    public abstract string NoReleaseNeverInsecure { get; }

    public abstract string NoReleaseOffered { get; }

    /// <summary>What happens at the deadline if the sender does not decide.</summary>
    public abstract string IfNothing(PolicyAction action, string deadline);

    public abstract string DeadlineIntro(string deadline);

    public abstract string NeverInsecureIntro { get; }

    /// <summary>What was done, after <see cref="DeadlineIntro"/> or <see cref="NeverInsecureIntro"/>.</summary>
    public abstract string ActionDone(PolicyAction action);

    /// <summary>Advice when the message did not and will not reach the recipients.</summary>
    public abstract string StillNeeded { get; }

    public abstract string Footer { get; }

    /// <summary>A participle phrase for templates: "returned to you", "deleted", …</summary>
    public abstract string ActionPhrase(PolicyAction action);

    public abstract string AdminSubject(int count);

    public abstract string AdminIntro { get; }

    public abstract string QueueIdLabel { get; }

    public abstract string SenderLabel { get; }

    public abstract string RecipientLabel { get; }

    public abstract string ReasonLabel { get; }

    public abstract string AdminChecksIntro { get; }

    public abstract IReadOnlyList<string> AdminChecks { get; }

    public abstract string AdminRetry { get; }

    /// <summary>The alert about one message PostTLS could not act on.</summary>
    public abstract string ProblemSubject(string queueId);

    public abstract string ProblemIntro { get; }

    public abstract string RequestLabel { get; }

    public abstract string ProblemLabel { get; }

    public abstract string OutcomeLabel { get; }

    /// <summary>Where to look next.</summary>
    public abstract string ProblemAdvice(string queueId);

    public abstract string TagReusedSubject(int count);

    public abstract string TagReusedIntro { get; }

    public abstract IReadOnlyList<string> TagReusedChecks { get; }

    /// <summary>"UTC", or "UTC+01:00" and the like.</summary>
    protected static string Zone(TimeSpan offset) => offset == TimeSpan.Zero
        ? "UTC"
        : "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString("hh\\:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The texts for a language setting; anything but "de" gets English.</summary>
    public static NoticeTexts For(string language) =>
        string.Equals(language, "de", StringComparison.OrdinalIgnoreCase) ? GermanTexts.Instance : EnglishTexts.Instance;
}
