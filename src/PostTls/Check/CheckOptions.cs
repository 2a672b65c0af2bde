using PostTls.Configuration;

namespace PostTls.Check;

/// <summary>Where the sweep's schedule is installed: sweep_cron_file and sweep_timer of posttls.conf; tests point them elsewhere.</summary>
/// <param name="CronFile">The cron.d file of postfix-snippets/cron.d-posttls.</param>
/// <param name="TimerWantsLink">The link that <c>systemctl enable posttls-sweep.timer</c> creates.</param>
/// <param name="TimerUnit">The timer unit asked about with <c>systemctl is-enabled</c> and <c>is-active</c>.</param>
internal sealed record CheckOptions(string CronFile, string TimerWantsLink, string TimerUnit)
{
    public const string DefaultTimerUnit = "posttls-sweep.timer";

    /// <summary>The schedule the settings name, at the system's paths.</summary>
    public static CheckOptions For(PostTlsSettings settings) => new(
        settings.SweepCronFile,
        "/etc/systemd/system/timers.target.wants/" + settings.SweepTimer,
        settings.SweepTimer);
}
