namespace PostTls.Notify.Templates;

/// <summary>
/// The placeholders a template in template_directory may use, written <c>{{name}}</c>
/// (spaces inside the braces are allowed). In .html templates every value is HTML-escaped,
/// except <see cref="Recipients"/>, which is a ready-made &lt;ul&gt; list. A template with a
/// name not listed here is not used (the built-in text is, and a warning is logged).
/// </summary>
internal static class TemplatePlaceholders
{
    /// <summary>The original message's subject, or "(no subject)".</summary>
    public const string Subject = "subject";

    /// <summary>The original message's Date: as written, else when it reached the server.</summary>
    public const string Date = "date";

    /// <summary>The affected recipients, one per line with the reason, as a list.</summary>
    public const string Recipients = "recipients";

    /// <summary>When the default action applies, e.g. "Monday, 23 November 2026, 14:00 UTC".</summary>
    public const string Deadline = "deadline";

    /// <summary>What default_action does, as a participle: "returned to you", "deleted", …</summary>
    public const string DefaultAction = "default_action";

    /// <summary>What was done (deadline, never-insecure), as a participle; for notices the same as default_action.</summary>
    public const string AppliedAction = "applied_action";

    /// <summary>The "send without encryption" address. A template that uses it serves only mails that offer it.</summary>
    public const string ReleaseAddress = "release_address";

    /// <summary>The "delete" address. A template that uses it serves only mails that offer it.</summary>
    public const string DeleteAddress = "delete_address";

    /// <summary>
    /// The "send, and do the same for this domain" addresses, one line per domain
    /// ("domain: address"; in .html templates a ready-made &lt;ul&gt; list). Empty when none is
    /// offered (remember_choice_time = 0, untagged mail, nothing that may be released).
    /// </summary>
    public const string RememberAddresses = "remember_addresses";

    /// <summary>1 for the first reminder, and so on; 0 in other mails.</summary>
    public const string ReminderNumber = "reminder_number";

    /// <summary>The address the notification goes to: the original sender.</summary>
    public const string Sender = "sender";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Subject, Date, Recipients, Deadline, DefaultAction, AppliedAction, ReleaseAddress, DeleteAddress, RememberAddresses, ReminderNumber, Sender,
    };
}
