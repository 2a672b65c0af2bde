namespace PostTls.Cli;

/// <summary>
/// What the commands take from the process they run in: its clock, whether it runs as root,
/// its environment, and how long an acting command waits for a running sweep. Program builds
/// the real one once (<see cref="OfThisProcess"/>) and hands it to every command, the way
/// Polly hands a <see cref="TimeProvider"/> to its strategies; a test builds its own, so tests
/// of the commands need no process-wide state and run in parallel.
/// </summary>
/// <param name="Clock">Every time a command reads: token lifetimes, deadlines, ages shown.</param>
/// <param name="Privileges">The check that the root-only commands pass and the pipe commands fail.</param>
/// <param name="Variable">Looks up an environment variable (POSTTLS_CONFIG, SUDO_USER); null when unset.</param>
/// <param name="LockPatience">How long release, delete and return wait for a running sweep to let go of its lock.</param>
internal sealed record CommandHost(TimeProvider Clock, Privileges Privileges, Func<string, string?> Variable, TimeSpan LockPatience)
{
    /// <summary>The wait that the help of release, delete and return promises ("up to 5 seconds").</summary>
    public static readonly TimeSpan DefaultLockPatience = TimeSpan.FromSeconds(5);

    /// <summary>The system clock, the process's real privileges and environment.</summary>
    public static CommandHost OfThisProcess() =>
        new(TimeProvider.System, new Privileges(Environment.IsPrivilegedProcess), Environment.GetEnvironmentVariable, DefaultLockPatience);

    /// <summary>Now, in Unix seconds, as the database stores times.</summary>
    public long Now => Clock.GetUtcNow().ToUnixTimeSeconds();
}
