namespace PostTls.Logging;

/// <summary>
/// Writes every line to the mail log and, for warnings and errors, to a terminal as well: an
/// administrator running a command by hand must see why it stopped without reading syslog.
/// </summary>
internal sealed class EchoSink(ILogSink inner, TextWriter echo) : ILogSink
{
    public void Write(LogLevel level, string program, int pid, string message)
    {
        inner.Write(level, program, pid, message);
        if (level <= LogLevel.Warning)
        {
            echo.WriteLine($"{program}: {message}");
        }
    }
}
