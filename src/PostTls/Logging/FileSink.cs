using System.Text;

namespace PostTls.Logging;

/// <summary>
/// Appends lines in the format of Postfix's maillog_file (<c>Nov 22 09:11:00 host program[pid]: text</c>)
/// with one write per line to a file opened in append mode, so concurrent processes do not mix lines.
/// If the file cannot be written the line goes to stderr instead.
/// </summary>
internal sealed class FileSink(string path, TimeProvider clock, TextWriter fallback) : ILogSink
{
    private readonly string _host = Environment.MachineName;

    public void Write(LogLevel level, string program, int pid, string message)
    {
        var timestamp = SyslogTimestamp.Format(clock.GetLocalNow());
        var line = $"{timestamp} {_host} {program}[{pid}]: {message}\n";
        try
        {
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1);
            stream.Write(Encoding.UTF8.GetBytes(line));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            fallback.Write($"posttls: cannot write log file {path}: {e.Message}; {line}");
        }
    }
}
