namespace PostTls.State;

/// <summary>One copy submitted to the release listener: recipients sharing a next hop (null: not released, normal routing).</summary>
internal sealed record ReleaseGroup(long Id, string? NextHop, IReadOnlyList<string> Recipients, string? NewQueueId);
