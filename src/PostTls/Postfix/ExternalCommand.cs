using System.ComponentModel;
using System.Diagnostics;
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
        return new CommandResult(exitCode, Encoding.UTF8.GetString(output), error) { TimedOut = exitCode == TimedOutCode };
    }

    /// <summary>The exit code <see cref="RunBinary"/> gives a program it killed at its time limit.</summary>
    public const int TimedOutCode = -2;

    /// <summary>Like <see cref="Run"/>, but stdout as the exact bytes (message content is not text).</summary>
    /// <returns>Exit code -1 when the program could not run, <see cref="TimedOutCode"/> when it did not finish in time (it is killed, with its children).</returns>
    public static (int ExitCode, byte[] Output, string Error) RunBinary(string program, IReadOnlyList<string> arguments, TimeSpan timeout,
        byte[]? input = null)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new Win32Exception("not started");
        }
        catch (Win32Exception e)
        {
            return (-1, [], $"cannot run {program}: {e.Message}");
        }

        using (process)
        {
            var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
            var error = process.StandardError.ReadToEndAsync();
            try
            {
                if (input is not null)
                {
                    process.StandardInput.BaseStream.Write(input);
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The program stopped reading early; its exit status says what happened.
            }

            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return (TimedOutCode, [], $"{program} did not finish within {timeout.TotalSeconds:0} s and was killed");
            }

            process.WaitForExit();
            copy.Wait();
            return (process.ExitCode, output.ToArray(), error.Result);
        }
    }
}
