namespace PostTls.State;

/// <summary>A row of the notifications table: one mail PostTLS sent about a message.</summary>
/// <param name="Kind">notice, reminder-N, deadline, never-insecure or admin-alert.</param>
internal sealed record NotificationRow(string Kind, long SentAt, string Recipient);
