namespace PostTls.Check;

/// <summary>Where the sweep's schedule is installed. The defaults are the system's; tests point them elsewhere.</summary>
/// <param name="CronFile">The cron.d file of postfix-snippets/cron.d-posttls.</param>
/// <param name="TimerWantsLink">The link that <c>systemctl enable posttls-sweep.timer</c> creates.</param>
/// <param name="TimerUnit">The timer unit asked about with <c>systemctl is-enabled</c>.</param>
internal sealed record CheckOptions(string CronFile, string TimerWantsLink, string TimerUnit)
{
    public const string DefaultTimerUnit = "posttls-sweep.timer";

    public static CheckOptions System { get; } = new(
        "/etc/cron.d/posttls",
        "/etc/systemd/system/timers.target.wants/" + DefaultTimerUnit,
        DefaultTimerUnit);
}
