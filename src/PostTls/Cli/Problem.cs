namespace PostTls.Cli;

/// <summary>
/// An expected failure with a message a mail administrator can act on, and the exit status
/// the command ends with. Commands throw it; the root command (Commands/PostTlsCli.cs) prints
/// one line and never a stack trace.
/// </summary>
internal sealed class Problem(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
