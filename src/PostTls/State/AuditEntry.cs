namespace PostTls.State;

/// <summary>A row of the audit log, with the sender and subject of its message when it names one.</summary>
internal sealed record AuditEntry(
    long Id,
    long At,
    long? MessageId,
    string? QueueId,
    string? Key,
    Actor Actor,
    AuditAction Action,
    string Detail,
    string? Sender,
    string? Subject);
