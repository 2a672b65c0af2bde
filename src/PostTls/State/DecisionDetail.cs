namespace PostTls.State;

/// <summary>A decision with what carrying it out recorded: when, the result, and each copy submitted.</summary>
internal sealed record DecisionDetail(DecisionRecord Decision, long? AppliedAt, string? Result, IReadOnlyList<ReleaseRow> Releases);

/// <summary>A row of the releases table, with the time its copy was accepted.</summary>
/// <param name="NextHop">null: recipients resubmitted unchanged, through normal (encrypted) routing.</param>
/// <param name="NewQueueId">The release listener's queue ID; "-" when it named none; null while not submitted.</param>
internal sealed record ReleaseRow(string? NextHop, IReadOnlyList<string> Recipients, string? NewQueueId, long? SubmittedAt);
