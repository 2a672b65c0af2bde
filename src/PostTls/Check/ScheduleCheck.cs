using PostTls.Configuration;

namespace PostTls.Check;

/// <summary>
/// Something runs <c>posttls sweep</c> every minute: /etc/cron.d/posttls, or the enabled
/// posttls-sweep.timer. Without it nobody is ever notified. cron ignores a cron.d file that
/// is not root's or that others can write.
/// </summary>
internal sealed class ScheduleCheck : ICheck
{
    public IEnumerable<Finding> Run(CheckContext context)
    {
        var options = context.Options;
        var findings = new List<Finding>();
        var cron = Cron(context, options.CronFile, findings);
        var timer = context.System.Status(options.TimerWantsLink) is not null || context.System.UnitState(options.TimerUnit) == "enabled";
        if (!cron && !timer)
        {
            findings.Add(Finding.Error(CheckArea.Schedule,
                $"nothing runs posttls sweep: neither {options.CronFile} nor an enabled {options.TimerUnit}; senders are never notified",
                $"install postfix-snippets/cron.d-posttls as {options.CronFile}, or the systemd units and systemctl enable --now {options.TimerUnit}"));
        }
        else if (cron && timer)
        {
            findings.Add(Finding.Warning(CheckArea.Schedule,
                $"both {options.CronFile} and {options.TimerUnit} run posttls sweep",
                $"keep one: remove {options.CronFile} or systemctl disable --now {options.TimerUnit}"));
        }

        return findings;
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
