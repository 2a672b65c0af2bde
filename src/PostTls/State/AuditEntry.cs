namespace PostTls.State;

/// <summary>A row of the audit log, with the sender and subject of its message when it names one.</summary>
/// <param name="Actor">sweep, sender:ADDRESS or admin:LOGIN.</param>
internal sealed record AuditEntry(
    long Id,
    long At,
    long? MessageId,
    string? QueueId,
    string? Key,
    string Actor,
    string Action,
    string Detail,
    string? Sender,
    string? Subject);
