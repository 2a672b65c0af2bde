namespace PostTls.Notify;

/// <summary>One entry of the administrator's alert: a queue entry and why it needs the administrator.</summary>
/// <param name="Recipient">The recipient concerned (for <see cref="AdminAlertKind.TagReused"/>: the entry's recipients).</param>
/// <param name="DelayReason">Postfix's reason, or for <see cref="AdminAlertKind.TagReused"/> what the tag belongs to and why this entry is not that message.</param>
internal sealed record AdminAlertItem(string QueueId, string Sender, string Recipient, string DelayReason,
    AdminAlertKind Kind = AdminAlertKind.LocalTls);
