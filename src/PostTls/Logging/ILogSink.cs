namespace PostTls.Logging;

/// <summary>Where log lines go. A failing sink never fails the caller: logging must not block mail.</summary>
internal interface ILogSink
{
    /// <param name="program">Postfix-style program name, e.g. <c>posttls/filter</c>.</param>
    void Write(LogLevel level, string program, int pid, string message);
}
