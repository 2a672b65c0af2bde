namespace PostTls.Tests.TestSupport;

/// <summary>
/// Tests that start fake sendmail scripts run one after another: a script being written while
/// another test forks could be held open for writing by the child ("Text file busy").
/// </summary>
[CollectionDefinition(Name)]
public sealed class ChildProcessCollection
{
    public const string Name = "Child processes";
}
