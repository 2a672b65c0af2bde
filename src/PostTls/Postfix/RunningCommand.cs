using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace PostTls.Postfix;

/// <summary>
/// A program started now whose stdout is read later (<see cref="Finish"/>): the sweep starts
/// <c>postqueue -j</c> before it opens its database and reads the key, so that postqueue's own
/// start-up (a dozen shared libraries, main.cf) runs while posttls gets ready. Never through
/// a shell. The time limit runs from the start; a command disposed of before it was finished
/// is killed, with its children, and reaped.
/// </summary>
internal sealed class RunningCommand : IDisposable
{
    private readonly string _program;
    private readonly TimeSpan _timeout;
    private readonly Process? _process;
    private readonly string? _startError;
    private readonly ErrorReader? _error;
    private readonly Thread? _writer;
    private readonly Timer? _limit;
    private int _timedOut;
    private bool _finished;

    private RunningCommand(string program, TimeSpan timeout, Process? process, string? startError, byte[]? input)
    {
        _program = program;
        _timeout = timeout;
        _process = process;
        _startError = startError;
        if (process is null)
        {
            return;
        }

        // stderr is read on a thread of its own, blocking: the thread pool's async pipe reads
        // cost a sweep more CPU in spinning workers than the reading itself (perf: sched_yield).
        // The time limit kills the process, which ends every read.
        _error = new ErrorReader(process);
        _limit = new Timer(_ =>
        {
            Interlocked.Exchange(ref _timedOut, 1);
            Kill(process);
        }, null, timeout, Timeout.InfiniteTimeSpan);
        // stdin is written on a thread of its own too: a program that answers while it reads
        // (cat, postmap -q -) would otherwise fill its stdout pipe and wait for us forever.
        // Without input it is only closed, which never blocks: no thread to start.
        if (input is null)
        {
            WriteInput(process, null);
            return;
        }

        _writer = new Thread(() => WriteInput(process, input)) { IsBackground = true, Name = "stdin" };
        _writer.Start();
    }

    /// <param name="input">Written to the program's stdin, which is then closed.</param>
    public static RunningCommand Start(string program, IReadOnlyList<string> arguments, TimeSpan timeout, byte[]? input = null)
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

        try
        {
            return new RunningCommand(program, timeout, Process.Start(startInfo) ?? throw new Win32Exception("not started"), null, input);
        }
        catch (Win32Exception e)
        {
            return new RunningCommand(program, timeout, null, $"cannot run {program}: {e.Message}", input);
        }
    }

    /// <summary>
    /// Hands stdout to <paramref name="output"/> as it arrives, in pieces of any size, and
    /// waits for the program's end. After a time-out or a failure, what was handed over is incomplete.
    /// </summary>
    /// <returns>Exit code -1 when the program could not run, <see cref="ExternalCommand.TimedOutCode"/> when it did not finish in time.</returns>
    public (int ExitCode, string Error) Finish(Action<ReadOnlySpan<byte>> output)
    {
        if (_process is null)
        {
            return (-1, _startError!);
        }

        try
        {
            Copy(_process.StandardOutput.BaseStream, output);
        }
        catch
        {
            Kill(_process); // the reader failed: the program must not outlive it
            throw;
        }

        _process.WaitForExit();
        _writer?.Join();
        _limit!.Dispose();
        _finished = true;
        var errorText = _error!.Finish();
        if (Volatile.Read(ref _timedOut) == 1)
        {
            return (ExternalCommand.TimedOutCode, $"{_program} did not finish within {_timeout.TotalSeconds:0} s and was killed");
        }

        return (_process.ExitCode, errorText);
    }

    public void Dispose()
    {
        if (_process is null)
        {
            return;
        }

        if (!_finished)
        {
            Kill(_process);
            _process.WaitForExit();
            _limit!.Dispose();
        }

        _process.Dispose();
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
