namespace PostTls.Notify;

/// <summary>One message stuck because of our own TLS side, for the administrator's alert.</summary>
internal sealed record AdminAlertItem(string QueueId, string Sender, string Recipient, string DelayReason);
