namespace PostTls.Filter;

/// <summary>What the filter did to one message.</summary>
/// <param name="Tag">The tag added, or null when the message passed untagged.</param>
/// <param name="Size">Bytes read from the input.</param>
/// <param name="RemovedFields">How many forged X-PostTLS-* fields were removed.</param>
internal sealed record FilterOutcome(string? Tag, TagDecision Decision, long Size, int RemovedFields);
