namespace PostTls.Configuration;

/// <summary>Every setting posttls knows, with its default. Defaults live here and nowhere else.</summary>
internal static class SettingDefinitions
{
    public const string DefaultConfigFile = "/etc/posttls/posttls.conf";

    public static IReadOnlyList<SettingDefinition> All { get; } =
    [
        new(SettingNames.PostfixConfigDirectory, "/etc/postfix", SettingKind.Path,
            "The Postfix instance to work with; passed as -c/-C to every Postfix command."),
        new(SettingNames.SendmailPath, "", SettingKind.OptionalPath,
            "The sendmail command used to reinject mail. Empty: Postfix's own sendmail_path, read with postconf."),
        new(SettingNames.SecretKeyFile, "/etc/posttls/secret.key", SettingKind.Path,
            "The secret key that signs message tags (created by posttls init; root:posttls, mode 0640)."),
        new(SettingNames.DataDirectory, "/var/lib/posttls", SettingKind.Path,
            "Where the root-only state database lives."),
        new(SettingNames.SpoolDirectory, "/var/spool/posttls", SettingKind.Path,
            "Where sender decisions are dropped for the sweep to apply."),
        new(SettingNames.LogFile, "", SettingKind.OptionalPath,
            "Empty: log to syslog, facility mail, like Postfix. A path: append log lines to that file."),
        new(SettingNames.ReinjectTimeLimit, "300s", SettingKind.Duration,
            "How long filter waits for reinjection before it gives up and lets Postfix retry; keep it below the pipe transport's time limit.",
            MaximumDuration: TimeSpan.FromDays(1)),
    ];

    public static SettingDefinition? Find(string name)
    {
        foreach (var definition in All)
        {
            if (definition.Name == name)
            {
                return definition;
            }
        }

        return null;
    }
}
