namespace PostTls.State;

/// <summary>A row of the notifications table: one mail PostTLS sent about a message.</summary>
internal sealed record NotificationRow(NotificationKind Kind, long SentAt, string Recipient);
