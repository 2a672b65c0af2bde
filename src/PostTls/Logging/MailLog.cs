using PostTls.Configuration;
using PostTls.Text;

namespace PostTls.Logging;

/// <summary>
/// The log of one posttls process, in Postfix's style: <c>posttls/filter[PID]: text</c>, with
/// <c>warning:</c> and <c>error:</c> prefixes for those levels, as Postfix writes them.
/// Messages quote addresses and other text from outside (decide logs whatever sender pipe(8)
/// hands it), so control characters are shown as '?', as Postfix's own logging does: a
/// newline must not start a made-up log line.
/// </summary>
internal sealed class MailLog(string program, ILogSink sink)
{
    private readonly int _pid = Environment.ProcessId;

    public string Program { get; } = program;

    /// <param name="echo">For commands run at a terminal: where warnings and errors are shown as well.</param>
    public static MailLog For(string command, PostTlsSettings settings, TimeProvider clock, TextWriter fallback, TextWriter? echo = null)
    {
        ILogSink sink = settings.LogFile.Length > 0
            ? new FileSink(settings.LogFile, clock, fallback)
            : new SyslogSink(clock);
        return new MailLog("posttls/" + command, echo is null ? sink : new EchoSink(sink, echo));
    }

    public void Info(string message) => sink.Write(LogLevel.Info, Program, _pid, SafeText.Clean(message));

    public void Warning(string message) => sink.Write(LogLevel.Warning, Program, _pid, "warning: " + SafeText.Clean(message));

    public void Error(string message) => sink.Write(LogLevel.Error, Program, _pid, "error: " + SafeText.Clean(message));
}
