namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// The published posttls run as its own process, as cron or systemd runs sweep and apply,
/// optionally with faulty Postfix commands first in PATH.
/// </summary>
internal static class PostTlsProcess
{
    /// <summary>Exit status of a process killed by SIGKILL, as .NET reports it.</summary>
    public const int Killed = 128 + 9;

    /// <summary>What one run did: its exit status and output, and the lines it added to the log file.</summary>
    public sealed record Outcome(Command.Result Result, string Log)
    {
        public int ExitCode => Result.ExitCode;

        /// <summary>Everything the administrator is told: stderr (cron mails it) and the log (sweep and apply log their errors).</summary>
        public string Said => Result.Error + Log;

        public override string ToString() => Command.Describe(Result) + "\nlog:\n" + Log;
    }

    public static Outcome Run(PostfixTestBed bed, string command, ToolFaults? faults = null)
    {
        var before = bed.PostTlsLogText().Length;
        var result = Command.Run(bed.Binary, [command, "--config", bed.ConfigFile], environment: faults?.Environment, timeout: TimeSpan.FromMinutes(2));
        return new Outcome(result, bed.PostTlsLogText()[before..]);
    }

    /// <summary>A run that must succeed: the fault is gone.</summary>
    public static void Succeed(PostfixTestBed bed, string command)
    {
        var result = Run(bed, command);
        Assert.True(result.ExitCode == 0, $"posttls {command} after the fault: {result}");
    }
}
