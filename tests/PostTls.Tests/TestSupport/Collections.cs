namespace PostTls.Tests.TestSupport;

/// <summary>
/// Tests that change process-wide state — environment variables such as POSTTLS_CONFIG and
/// <see cref="Unix.Privileges.IsRoot"/> — run alone, after every parallel test has finished.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideStateCollection
{
    public const string Name = "Process-wide state";
}

/// <summary>
/// Tests that start fake sendmail scripts run one after another: a script being written while
/// another test forks could be held open for writing by the child ("Text file busy").
/// </summary>
[CollectionDefinition(Name)]
public sealed class ChildProcessCollection
{
    public const string Name = "Child processes";
}
