using System.Text;

namespace PostTls.Postfix;

/// <summary>
/// Runs a program with an argument array — never through a shell — and collects its output.
/// For short commands such as postconf; streaming commands use <see cref="SendmailProcess"/>.
/// </summary>
internal static class ExternalCommand
{
    /// <param name="input">Written to the program's stdin, which is then closed.</param>
    public static CommandResult Run(string program, IReadOnlyList<string> arguments, TimeSpan timeout, byte[]? input = null)
    {
        var (exitCode, output, error) = RunBinary(program, arguments, timeout, input);
        return new CommandResult(exitCode, Encoding.UTF8.GetString(output), error);
    }

    /// <summary>The exit code <see cref="RunBinary"/> gives a program it killed at its time limit.</summary>
    public const int TimedOutCode = -2;

    /// <summary>Like <see cref="Run"/>, but stdout as the exact bytes (message content is not text).</summary>
    /// <returns>Exit code -1 when the program could not run, <see cref="TimedOutCode"/> when it did not finish in time (it is killed, with its children).</returns>
    public static (int ExitCode, byte[] Output, string Error) RunBinary(string program, IReadOnlyList<string> arguments, TimeSpan timeout,
        byte[]? input = null)
    {
        var output = new MemoryStream();
        var (exitCode, error) = RunStreaming(program, arguments, timeout, piece => output.Write(piece), input);
        return (exitCode, exitCode == TimedOutCode ? [] : output.ToArray(), error);
    }

    /// <summary>
    /// Like <see cref="RunBinary"/>, but stdout is handed to <paramref name="output"/> as it
    /// arrives, in pieces of any size, and not kept: for output too large to hold twice
    /// (postqueue -j). After a time-out or a failure, what was handed over is incomplete.
    /// </summary>
    public static (int ExitCode, string Error) RunStreaming(string program, IReadOnlyList<string> arguments, TimeSpan timeout,
        Action<ReadOnlySpan<byte>> output, byte[]? input = null)
    {
        using var command = RunningCommand.Start(program, arguments, timeout, input);
        return command.Finish(output);
    }
}
