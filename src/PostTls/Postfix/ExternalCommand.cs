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
            return (-1, $"cannot run {program}: {e.Message}");
        }

        using (process)
        {
            // stdout is read here and stderr on a thread of its own, both blocking: the thread
            // pool's async pipe reads cost a sweep more CPU in spinning workers than the reading
            // itself (perf: sched_yield). The time limit kills the process, which ends both reads.
            var error = new ErrorReader(process);
            var timedOut = 0;
            using var limit = new Timer(_ =>
            {
                Interlocked.Exchange(ref timedOut, 1);
                Kill(process);
            }, null, timeout, Timeout.InfiniteTimeSpan);
            // stdin is written on a thread of its own too: a program that answers while it reads
            // (cat, postmap -q -) would otherwise fill its stdout pipe and wait for us forever.
            var writer = new Thread(() => WriteInput(process, input)) { IsBackground = true, Name = "stdin" };
            writer.Start();

            try
            {
                Copy(process.StandardOutput.BaseStream, output);
            }
            catch
            {
                Kill(process); // the reader failed: the program must not outlive it
                throw;
            }

            process.WaitForExit();
            writer.Join();
            limit.Dispose();
            var errorText = error.Finish();
            if (Volatile.Read(ref timedOut) == 1)
            {
                return (TimedOutCode, $"{program} did not finish within {timeout.TotalSeconds:0} s and was killed");
            }

            return (process.ExitCode, errorText);
        }
    }

    /// <summary>One buffer, reused: a pipe hands over at most its capacity (64 KiB) per read.</summary>
    private static void Copy(Stream stdout, Action<ReadOnlySpan<byte>> output)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = stdout.Read(buffer)) > 0)
        {
            output(buffer.AsSpan(0, read));
        }
    }

    private static void WriteInput(Process process, byte[]? input)
    {
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
            // The program stopped reading early (or was killed); its exit status says what happened.
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended meanwhile.
        }
    }

    /// <summary>A program's stderr, read to its end on a dedicated thread.</summary>
    private sealed class ErrorReader
    {
        private readonly Thread _thread;
        private string _text = "";

        public ErrorReader(Process process)
        {
            _thread = new Thread(() => _text = process.StandardError.ReadToEnd()) { IsBackground = true, Name = "stderr" };
            _thread.Start();
        }

        public string Finish()
        {
            _thread.Join();
            return _text;
        }
    }
}
