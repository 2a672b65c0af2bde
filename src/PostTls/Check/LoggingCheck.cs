namespace PostTls.Check;

/// <summary>
/// posttls logs to syslog (/dev/log) unless log_file is set. Without a syslog daemon (a
/// container, a minimal system) every line is dropped, as libc's syslog() drops them, and
/// nobody can see what the filter, the sweep or decide did.
/// </summary>
internal sealed class LoggingCheck : ICheck
{
    public const string SyslogSocket = "/dev/log";

    public IEnumerable<Finding> Run(CheckContext context)
    {
        if (context.Settings.LogFile.Length > 0 || context.System.DatagramSocketListening(SyslogSocket))
        {
            yield break;
        }

        yield return Finding.Warning(CheckArea.Logging,
            $"log_file is not set, so posttls logs to syslog, but no syslog daemon listens on {SyslogSocket}: every posttls log line is lost",
            $"start a syslog daemon (Debian: apt-get install rsyslog), or set log_file = /var/log/posttls.log in {context.Settings.SourceFile}, run posttls init and rotate it (postfix-snippets/logrotate-posttls)");
    }
}
