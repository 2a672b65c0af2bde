using PostTls.Queue;

namespace PostTls.State;

/// <summary>A row of the recipients table: one affected recipient and why its delivery failed.</summary>
internal sealed record TrackedRecipient(string Address, FailureClass Failure, string? Host, string? ServerReply, string DelayReason, bool NeverInsecure);
