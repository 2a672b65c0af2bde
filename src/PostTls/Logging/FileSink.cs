using System.Runtime.InteropServices;
using System.Text;
using PostTls.Unix;

namespace PostTls.Logging;

/// <summary>
/// Appends lines in the format of Postfix's maillog_file (<c>Nov 22 09:11:00 host program[pid]: text</c>)
/// with one write(2) per line to a file opened with O_APPEND, so that lines of processes
/// writing at the same moment never overwrite each other. FileStream's FileMode.Append only
/// seeks to the end when it opens the file, which is not enough when many filters log at once.
/// The file is opened with O_NOFOLLOW and O_NONBLOCK: root never writes through a symbolic link
/// planted where the log file should be, and a FIFO there cannot hang a run. If the file cannot
/// be written the line goes to stderr instead.
/// </summary>
internal sealed unsafe class FileSink(string path, TimeProvider clock, TextWriter fallback) : ILogSink
{
    private const int Flags = NativeFiles.WriteOnly | NativeFiles.Append | NativeFiles.Create | NativeFiles.CloseOnExec
        | NativeFiles.NoControllingTerminal | NativeFiles.NonBlocking;

    // rw-rw----, the mode posttls init gives the file (root:posttls); the umask may take more away.
    private const uint CreateMode = 0b110_110_000;

    private readonly string _host = Environment.MachineName;

    public void Write(LogLevel level, string program, int pid, string message)
    {
        var timestamp = SyslogTimestamp.Format(clock.GetLocalNow());
        var line = $"{timestamp} {_host} {program}[{pid}]: {message}\n";
        if (Append(Encoding.UTF8.GetBytes(line)) is { } error)
        {
            fallback.Write($"posttls: cannot write log file {path}: {error}; {line}");
        }
    }

    /// <returns>null when the whole line was written, else why not.</returns>
    private string? Append(byte[] bytes)
    {
        var fd = NativeFiles.open(path, Flags | NativeFiles.NoFollow, CreateMode);
        if (fd < 0)
        {
            return NativeFiles.Describe(Marshal.GetLastPInvokeError());
        }

        using var file = new FileDescriptor(fd);
        fixed (byte* buffer = bytes)
        {
            var written = NativeFiles.write(file, buffer, (nuint)bytes.Length);
            return written < 0 ? NativeFiles.Describe(Marshal.GetLastPInvokeError())
                : written < bytes.Length ? $"only {written} of {bytes.Length} bytes written (disk full?)"
                : null;
        }
    }
}
