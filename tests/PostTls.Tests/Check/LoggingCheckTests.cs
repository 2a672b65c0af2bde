using PostTls.Check;
using static PostTls.Check.Severity;

namespace PostTls.Tests.Check;

public sealed class LoggingCheckTests
{
    private static readonly CheckCase[] Cases =
    [
        new("syslog daemon on /dev/log", _ => { }),
        new("log file, no syslog daemon", s => { s.System.Listening.Clear(); s.ConfigText = "log_file = /var/log/posttls.log\n"; }),
        new("no syslog daemon, no log file", s => s.System.Listening.Clear(),
            Warning, "log_file is not set, so posttls logs to syslog, but no syslog daemon listens on /dev/log: every posttls log line is lost"),
    ];

    public static TheoryData<string> Names => CheckCase.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Run(string name) => CheckCase.Verify(Cases, name, new LoggingCheck(), CheckArea.Logging);
}
