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
    string? DeleteAddress);
