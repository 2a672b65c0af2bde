using PostTls.Configuration;

namespace PostTls.Notify;

/// <summary>Everything a notification to a sender says about one stuck message.</summary>
/// <param name="To">The original envelope sender, who receives the notice.</param>
/// <param name="OriginalSubject">Already RFC 2047-decoded; may be empty.</param>
/// <param name="Deadline">When <see cref="DefaultAction"/> applies if the sender does nothing.</param>
/// <param name="AppliedAction">For <see cref="NoticeKind.DeadlineApplied"/> and <see cref="NoticeKind.NeverInsecureApplied"/>: what was done.</param>
/// <param name="ReminderNumber">1 for the first reminder, and so on; 0 otherwise.</param>
/// <param name="ReleaseAddress">Full action address for "send without encryption", or null when no recipient may be released.</param>
/// <param name="DeleteAddress">Full action address for "delete", or null (after the fact).</param>
/// <param name="RememberAddresses">One per recipient domain that may be released, when remember_choice_time is not 0 and the message is verified.</param>
/// <param name="RememberUntil">Until when a choice made now would hold (for the text).</param>
/// <param name="TlsRequiredNoRefused">The message asked with "TLS-Required: No" to go without encryption, and its recipients are never-insecure.</param>
internal sealed record Notice(
    NoticeKind Kind,
    string To,
    string OriginalSubject,
    string? OriginalDate,
    string? OriginalMessageId,
    DateTimeOffset OriginalArrival,
    IReadOnlyList<NoticeRecipient> Recipients,
    DateTimeOffset Deadline,
    PolicyAction DefaultAction,
    PolicyAction? AppliedAction,
    int ReminderNumber,
    string? ReleaseAddress,
    string? DeleteAddress,
    IReadOnlyList<RememberAction>? RememberAddresses = null,
    DateTimeOffset? RememberUntil = null,
    bool TlsRequiredNoRefused = false);

/// <summary>"Send without encryption, and do the same for further messages to <paramref name="Domain"/>": one per domain.</summary>
/// <param name="Address">Full action address.</param>
internal sealed record RememberAction(string Domain, string Address);
