using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace PostTls.Postfix;

/// <summary>
/// A running <c>sendmail -C DIR -G -i -f SENDER -- RECIPIENT...</c> that a message is streamed
/// into. <c>-G</c>: this is a relayed copy, not a new submission (Postfix leaves the headers
/// alone); <c>-i</c>: a line with a single dot is not the end of the message.
/// </summary>
internal sealed class SendmailProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _error = new();
    private readonly ManualResetEventSlim _errorClosed = new();
    private bool _inputComplete;

    private SendmailProcess(Process process)
    {
        _process = process;
    }

    public Stream Input => _process.StandardInput.BaseStream;

    public static IReadOnlyList<string> Arguments(string configDirectory, string sender, IReadOnlyList<string> recipients) =>
        ["-C", configDirectory, "-G", "-i", "-f", sender, "--", .. recipients];

    /// <exception cref="PostfixException">The program cannot be started.</exception>
    public static SendmailProcess Start(string program, IReadOnlyList<string> arguments)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardError = true,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        try
        {
            var process = Process.Start(startInfo) ?? throw new PostfixException($"cannot start {program}");
            var sendmail = new SendmailProcess(process);
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    sendmail._errorClosed.Set();
                    return;
                }

                lock (sendmail._error)
                {
                    sendmail._error.AppendLine(e.Data);
                }
            };
            process.BeginErrorReadLine();
            return sendmail;
        }
        catch (Win32Exception e)
        {
            throw new PostfixException($"cannot run {program}: {e.Message}");
        }
    }

    /// <summary>Closes the input and waits; returns the exit status (128+N when killed by signal N).</summary>
    public int Finish()
    {
        _inputComplete = true;
        _process.StandardInput.Close();
        // A finite wait returns at process exit; the parameterless one would also wait for every
        // holder of sendmail's stderr. The watchdog kills sendmail long before this runs out.
        _process.WaitForExit(int.MaxValue);
        return _process.ExitCode;
    }

    /// <summary>The first line sendmail wrote to stderr, if any.</summary>
    public string FirstErrorLine
    {
        get
        {
            // Let the asynchronous reader drain, but do not wait long for a grandchild holding stderr open.
            _errorClosed.Wait(TimeSpan.FromSeconds(2));
            lock (_error)
            {
                return _error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .FirstOrDefault() ?? "";
            }
        }
    }

    /// <summary>Kills sendmail so that no partial copy is queued (postdrop removes an unfinished file).</summary>
    public void Abort()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>
    /// Kills sendmail unless <see cref="Finish"/> was called: closing its input otherwise would
    /// make it queue whatever part of the message it has.
    /// </summary>
    public void Dispose()
    {
        if (!_inputComplete)
        {
            Abort();
        }

        _process.Dispose();
        _errorClosed.Dispose();
    }
}
