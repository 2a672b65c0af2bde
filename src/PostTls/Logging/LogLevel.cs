namespace PostTls.Logging;

/// <summary>Syslog severities we use; the value is the syslog priority.</summary>
internal enum LogLevel
{
    Error = 3,
    Warning = 4,
    Info = 6,
}
