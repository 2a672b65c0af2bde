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
        new("cron file, no cron daemon", s => s.System.Processes.Remove("cron"),
            Error, "nothing runs posttls sweep: /etc/cron.d/posttls is in place, but no cron daemon is running"),
        new("cron file, cronie's crond", s => { s.System.Processes.Remove("cron"); s.System.Processes.Add("crond"); }),
        new("cron file without a daemon, timer running", s => { s.System.Processes.Remove("cron"); s.System.TimerState = "enabled"; }),
        new("timer enabled, not active", s => { s.System.Remove(CheckSetup.CronFile); s.System.TimerState = "enabled"; s.System.TimerActivity = "inactive"; },
            Error, "posttls-sweep.timer is enabled, but it is not active (systemctl is-active: inactive)"),
        new("timer enabled, no systemd", s => { s.System.Remove(CheckSetup.CronFile); s.System.AddFile(CheckSetup.TimerLink, 0, 0, 0b110_100_100, ""); s.System.Systemd = false; },
            Error, "posttls-sweep.timer is enabled, but systemd is not running on this system"),
        new("second instance's own cron file", s =>
        {
            s.ConfigText = "sweep_cron_file = /etc/cron.d/posttls-b\n";
            s.Options = CheckOptions.For(s.Settings);
            s.System.AddFile("/etc/cron.d/posttls-b", 0, 0, 0b110_100_100, CheckSetup.Snippet("cron.d-posttls"));
            s.System.Remove(CheckSetup.CronFile);
        }),
        new("second instance without its cron file", s =>
        {
            s.ConfigText = "sweep_cron_file = /etc/cron.d/posttls-b\nsweep_timer = posttls-b-sweep.timer\n";
            s.Options = CheckOptions.For(s.Settings);
        },
            Error, "neither /etc/cron.d/posttls-b nor an enabled posttls-b-sweep.timer"),
        new("second instance's timer", s =>
        {
            s.ConfigText = "sweep_timer = posttls-sweep@b.timer\n";
            s.Options = CheckOptions.For(s.Settings);
            s.System.Remove(CheckSetup.CronFile);
            s.System.AddFile("/etc/systemd/system/timers.target.wants/posttls-sweep@b.timer", 0, 0, 0b110_100_100, "");
        }),
        new("cron line with another configuration", s => s.System.Texts[CheckSetup.CronFile] = "* * * * * root /usr/local/bin/posttls -c /etc/posttls/b.conf sweep\n",
            Warning, "runs posttls sweep with /etc/posttls/b.conf, but this check read /etc/posttls/posttls.conf"),
    ];

    public static TheoryData<string> Names => CheckCase.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Run(string name) => CheckCase.Verify(Cases, name, new ScheduleCheck(), CheckArea.Schedule);
}
