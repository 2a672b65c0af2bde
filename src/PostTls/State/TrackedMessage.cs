namespace PostTls.State;

/// <summary>A row of the messages table. Times are Unix seconds.</summary>
/// <param name="TlsRequiredNo">Verified mail of its sender that carried "TLS-Required: No" (RFC 8689) when it was tracked.</param>
internal sealed record TrackedMessage(
    long Id,
    string Key,
    string? Tag,
    string QueueId,
    long ArrivalTime,
    string Sender,
    string Subject,
    string? DateHeader,
    string? MessageIdHeader,
    MessageState State,
    long FirstSeen,
    long? FirstNoticeAt,
    int RemindersSent,
    long? Deadline,
    long? MissingSince,
    string? Outcome,
    bool TlsRequiredNo = false);
