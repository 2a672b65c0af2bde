namespace PostTls.Tests.TestSupport;

/// <summary>
/// Tests that fork on purpose, or that a fork in another test can fool, run with no other
/// test at the same time. A child that another thread forks holds every descriptor of the
/// test process until it execs: a closed socket stays alive for that moment (a stale
/// /dev/log looked alive once in CI), and ExecutableFileTests forks in a loop.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ForkSensitiveCollection
{
    public const string Name = "Fork-sensitive";
}
