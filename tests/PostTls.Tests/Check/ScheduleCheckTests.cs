using PostTls.Check;
using static PostTls.Check.Severity;

namespace PostTls.Tests.Check;

public sealed class ScheduleCheckTests
{
    private static readonly CheckCase[] Cases =
    [
        new("timer enabled, link", s => { s.System.Remove(CheckSetup.CronFile); s.System.AddFile(CheckSetup.TimerLink, 0, 0, 0b110_100_100, ""); }),
        new("timer enabled, systemctl", s => { s.System.Remove(CheckSetup.CronFile); s.System.TimerState = "enabled"; }),
        new("cron line naming the configuration", s => s.System.Texts[CheckSetup.CronFile] = "* * * * * root /usr/local/bin/posttls -c /etc/posttls/posttls.conf sweep\n"),
        new("cron @reboot style", s => s.System.Texts[CheckSetup.CronFile] = "@hourly root /usr/local/bin/posttls sweep\n"),
        new("neither", s => s.System.Remove(CheckSetup.CronFile),
            Error, "nothing runs posttls sweep: neither /etc/cron.d/posttls nor an enabled posttls-sweep.timer"),
        new("timer disabled", s => { s.System.Remove(CheckSetup.CronFile); s.System.TimerState = "disabled"; },
            Error, "nothing runs posttls sweep"),
        new("both", s => s.System.TimerState = "enabled",
            Warning, "both /etc/cron.d/posttls and posttls-sweep.timer run posttls sweep"),
        new("cron file without the sweep", s => s.System.Texts[CheckSetup.CronFile] = "# * * * * * root /usr/local/bin/posttls sweep\n",
            Error, "/etc/cron.d/posttls has no line that runs posttls sweep", Only: false),
        new("cron file not root's", s => s.System.Change(CheckSetup.CronFile, 0b110_100_100, user: FakeSystem.PosttlsId),
            Error, "cron ignores /etc/cron.d/posttls", Only: false),
        new("cron file writable by others", s => s.System.Change(CheckSetup.CronFile, 0b110_110_110),
            Error, "cron ignores /etc/cron.d/posttls", Only: false),
        new("cron line as another user", s => s.System.Texts[CheckSetup.CronFile] = "* * * * * posttls /usr/local/bin/posttls sweep\n",
            Error, "runs posttls sweep as posttls; it must run as root", Only: false),
        new("cron line with another configuration", s => s.System.Texts[CheckSetup.CronFile] = "* * * * * root /usr/local/bin/posttls -c /etc/posttls/b.conf sweep\n",
            Warning, "runs posttls sweep with /etc/posttls/b.conf, but this check read /etc/posttls/posttls.conf"),
    ];

    public static TheoryData<string> Names => CheckCase.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Run(string name) => CheckCase.Verify(Cases, name, new ScheduleCheck(), CheckArea.Schedule);
}
