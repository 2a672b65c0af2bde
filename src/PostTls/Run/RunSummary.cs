namespace PostTls.Run;

/// <summary>What one run did, for its closing log line and a dry run's report; apply counts only its decisions.</summary>
internal sealed class RunSummary
{
    public int QueueSize { get; init; }

    public int SkippedLines { get; init; }

    public int Tracked { get; set; }

    public int Notices { get; set; }

    public int Actions { get; set; }

    public int Closed { get; set; }

    public int Decisions { get; set; }

    public override string ToString() =>
        $"queue={QueueSize}, tracked={Tracked}, notices={Notices}, actions={Actions}, decisions={Decisions}, closed={Closed}, skipped lines={SkippedLines}";
}
