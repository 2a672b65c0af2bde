using PostTls.Configuration;

namespace PostTls.Check;

/// <summary>
/// Something runs <c>posttls sweep</c> every minute: the cron file (sweep_cron_file) with a
/// cron daemon running, or the systemd timer (sweep_timer) enabled and active under a running
/// systemd. Without it nobody is ever notified. cron ignores a cron.d file that is not root's
/// or that others can write; a cron file without a cron daemon, or an enabled timer in a
/// container without systemd, runs nothing.
/// </summary>
internal sealed class ScheduleCheck : ICheck
{
    /// <summary>The process names of the cron daemons that read /etc/cron.d (Debian's cron, cronie, busybox, fcron).</summary>
    private static readonly string[] CronDaemons = ["cron", "crond", "fcron"];

    public IEnumerable<Finding> Run(CheckContext context)
    {
        var options = context.Options;
        var findings = new List<Finding>();
        var cronFile = Cron(context, options.CronFile, findings);
        var cron = cronFile && context.System.ProcessRunning(CronDaemons);
        var timerEnabled = context.System.Status(options.TimerWantsLink) is not null || context.System.UnitState(options.TimerUnit) == "enabled";
        var timerProblem = timerEnabled ? TimerProblem(context) : null;
        var timer = timerEnabled && timerProblem is null;
        if (cron && timer)
        {
            findings.Add(Finding.Warning(CheckArea.Schedule,
                $"both {options.CronFile} and {options.TimerUnit} run posttls sweep",
                $"keep one: remove {options.CronFile} or systemctl disable --now {options.TimerUnit}"));
        }
        else if (!cron && !timer)
        {
            if (cronFile)
            {
                findings.Add(Finding.Error(CheckArea.Schedule,
                    $"nothing runs posttls sweep: {options.CronFile} is in place, but no cron daemon is running (no {string.Join(", ", CronDaemons)} process); senders are never notified",
                    $"install and start cron (Debian: apt-get install cron; systemctl enable --now cron), or use the systemd timer {options.TimerUnit}"));
            }

            if (timerProblem is not null)
            {
                findings.Add(Finding.Error(CheckArea.Schedule, $"nothing runs posttls sweep: {options.TimerUnit} is enabled, but {timerProblem}; senders are never notified",
                    context.System.SystemdRunning()
                        ? $"systemctl start {options.TimerUnit} (and systemctl status {options.TimerUnit} for why it stopped)"
                        : $"without systemd use cron: install postfix-snippets/cron.d-posttls as {options.CronFile} and run a cron daemon"));
            }

            if (!timerEnabled && findings.Count == 0)
            {
                findings.Add(Finding.Error(CheckArea.Schedule,
                    $"nothing runs posttls sweep: neither {options.CronFile} nor an enabled {options.TimerUnit}; senders are never notified",
                    $"install postfix-snippets/cron.d-posttls as {options.CronFile}, or the systemd units and systemctl enable --now {options.TimerUnit}"));
            }
        }

        return findings;
    }

    /// <summary>Why an enabled timer does not fire; null when it does.</summary>
    private static string? TimerProblem(CheckContext context)
    {
        if (!context.System.SystemdRunning())
        {
            return "systemd is not running on this system (a container?), so no timer fires";
        }

        var activity = context.System.UnitActivity(context.Options.TimerUnit);
        return activity == "active" ? null : $"it is not active (systemctl is-active: {activity ?? "no systemctl"})";
    }

    /// <returns>Whether the cron file runs the sweep.</returns>
    private static bool Cron(CheckContext context, string path, List<Finding> findings)
    {
        if (context.System.Status(path) is not { } status)
        {
            return false;
        }

        var sweeps = (context.System.ReadText(path) ?? "").Split('\n')
            .Select(l => l.Trim())
            .Where(l => !l.StartsWith('#'))
            .Select(l => l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(words => words.Any(w => Path.GetFileName(w) == "posttls") && words.Contains("sweep"))
            .ToList();
        if (sweeps.Count == 0)
        {
            findings.Add(Finding.Error(CheckArea.Schedule, $"{path} has no line that runs posttls sweep",
                "use the line of postfix-snippets/cron.d-posttls: * * * * * root /usr/local/bin/posttls sweep"));
            return false;
        }

        if (status.UserId != 0 || (status.Mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            findings.Add(Finding.Error(CheckArea.Schedule,
                $"cron ignores {path}: it must be root's and writable by root only (owner uid {status.UserId}, mode {status.OctalMode})",
                $"chown root:root {path} && chmod 0644 {path}"));
            return false;
        }

        var words = sweeps[0];
        var user = words[0].StartsWith('@') ? words.ElementAtOrDefault(1) : words.ElementAtOrDefault(5);
        if (user != "root")
        {
            findings.Add(Finding.Error(CheckArea.Schedule,
                $"{path} runs posttls sweep as {user ?? "nobody"}; it must run as root",
                "make the user field root: * * * * * root /usr/local/bin/posttls sweep"));
            return false;
        }

        var config = Array.FindIndex(words, w => w is "-c" or "--config") is var at and >= 0 && at + 1 < words.Length ? words[at + 1] : null;
        if (!context.UsesThisConfig(config))
        {
            findings.Add(Finding.Warning(CheckArea.Schedule,
                $"{path} runs posttls sweep with {config ?? SettingDefinitions.DefaultConfigFile}, but this check read {context.Settings.SourceFile}",
                $"check that file (posttls -c FILE check), or add -c {context.Settings.SourceFile} to the cron line"));
        }

        return true;
    }
}
