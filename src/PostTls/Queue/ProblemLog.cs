namespace PostTls.Queue;

/// <summary>
/// Collects warn-and-skip lines into a caller's list, at most <see cref="PostcatOutput.MaxProblems"/>
/// of them: damaged output must not turn into an unbounded log.
/// </summary>
internal sealed class ProblemLog(List<string> problems)
{
    private int _added;
    private int _dropped;

    public void Add(string problem)
    {
        if (_added < PostcatOutput.MaxProblems)
        {
            problems.Add(problem);
            _added++;
        }
        else
        {
            _dropped++;
        }
    }

    /// <summary>Adds one line for what was left out, if anything was.</summary>
    public void Close()
    {
        if (_dropped > 0)
        {
            problems.Add($"{_dropped} more problems not listed");
            _dropped = 0;
        }
    }
}
