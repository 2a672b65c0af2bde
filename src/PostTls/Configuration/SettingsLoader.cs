using PostTls.Unix;

namespace PostTls.Configuration;

/// <summary>
/// Finds, reads, expands and validates posttls.conf. The file is <c>--config FILE</c> if given,
/// else <c>$POSTTLS_CONFIG</c>, else /etc/posttls/posttls.conf. Only the default file may be
/// missing (all defaults then apply); a file named explicitly must exist.
/// </summary>
internal static class SettingsLoader
{
    public const string EnvironmentVariable = "POSTTLS_CONFIG";

    /// <param name="variable">Looks up an environment variable: the process's, or a test's own.</param>
    public static string ResolvePath(string? explicitPath, Func<string, string?> variable, out bool mustExist)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            mustExist = true;
            return explicitPath;
        }

        var fromEnvironment = variable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            mustExist = true;
            return fromEnvironment;
        }

        mustExist = false;
        return SettingDefinitions.DefaultConfigFile;
    }

    /// <summary>
    /// Loads the settings for a command that acts on them: refuses a file or template
    /// directory that anyone but root (and the running user) can change (<see cref="ConfigTrust"/>).
    /// </summary>
    /// <exception cref="ConfigException">The file cannot be read, is not valid, or cannot be trusted.</exception>
    public static PostTlsSettings Load(string? explicitPath, Func<string, string?> variable)
    {
        var settings = LoadToInspect(explicitPath, variable);
        ConfigTrust.Require(settings);
        return settings;
    }

    /// <summary>Loads the file named explicitly, as <c>--config FILE</c> would: it must exist.</summary>
    /// <exception cref="ConfigException">The file cannot be read, is not valid, or cannot be trusted.</exception>
    public static PostTlsSettings Load(string file) => Load(file, NoVariables);

    /// <summary>Loads the settings without judging who can change the files: for <c>posttls check</c>, which reports that.</summary>
    public static PostTlsSettings LoadToInspect(string? explicitPath, Func<string, string?> variable)
    {
        var path = ResolvePath(explicitPath, variable, out var mustExist);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (FileNotFoundException) when (!mustExist)
        {
            text = "";
        }
        catch (DirectoryNotFoundException) when (!mustExist)
        {
            text = "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"cannot read configuration file {path}: {IoMessages.Describe(e)}");
        }

        return FromText(path, text);
    }

    private static string? NoVariables(string name) => null;

    public static PostTlsSettings FromText(string fileName, string text)
    {
        var entries = ConfigFileParser.Parse(fileName, text);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);

        string? Raw(string name) =>
            entries.TryGetValue(name, out var entry) ? entry.RawValue : SettingDefinitions.Find(name)?.Default;

        foreach (var definition in SettingDefinitions.All)
        {
            var where = entries.TryGetValue(definition.Name, out var entry)
                ? $"{fileName}, line {entry.Line}, setting {definition.Name}"
                : $"{fileName}, default of setting {definition.Name}";
            var value = ValueExpander.Expand(Raw(definition.Name)!, Raw, where, definition.Name);
            Validate(definition, value, where);
            values[definition.Name] = value;
        }

        return new PostTlsSettings
        {
            SourceFile = fileName,
            PostfixConfigDirectory = values[SettingNames.PostfixConfigDirectory],
            SendmailPath = values[SettingNames.SendmailPath],
            SecretKeyFile = values[SettingNames.SecretKeyFile],
            DataDirectory = values[SettingNames.DataDirectory],
            SpoolDirectory = values[SettingNames.SpoolDirectory],
            LogFile = values[SettingNames.LogFile],
            ReinjectTimeLimit = ParseDuration(values[SettingNames.ReinjectTimeLimit]),
            PostfixCommandTimeLimit = ParseDuration(values[SettingNames.PostfixCommandTimeLimit]),
            ReinjectAddress = LoopbackEndpoint.Parse(values[SettingNames.ReinjectAddress]),
            NotifyService = values[SettingNames.NotifyService],
            AdminAddress = values[SettingNames.AdminAddress],
            ActionDomain = values[SettingNames.ActionDomain].ToLowerInvariant(),
            NotificationSender = values[SettingNames.NotificationSender],
            NotificationEnvelopeSender = values[SettingNames.NotificationEnvelopeSender],
            NotifyUntaggedSenders = ListValues.Split(values[SettingNames.NotifyUntaggedSenders].ToLowerInvariant()),
            NeverInsecureAction = Enum.Parse<PolicyAction>(values[SettingNames.NeverInsecureAction], ignoreCase: true),
            ReminderSchedule = ListValues.Split(values[SettingNames.ReminderSchedule]).Select(ParseDuration).ToArray(),
            DecisionTimeout = ParseDuration(values[SettingNames.DecisionTimeout]),
            DefaultAction = Enum.Parse<PolicyAction>(values[SettingNames.DefaultAction], ignoreCase: true),
            Language = values[SettingNames.Language].ToLowerInvariant(),
            TemplateDirectory = values[SettingNames.TemplateDirectory],
            ReleaseService = values[SettingNames.ReleaseService],
            ReleaseRetryTime = ParseDuration(values[SettingNames.ReleaseRetryTime]),
            TrialMode = values[SettingNames.TrialMode].Equals("yes", StringComparison.OrdinalIgnoreCase),
            RememberChoiceTime = values[SettingNames.RememberChoiceTime] == "0" ? TimeSpan.Zero : ParseDuration(values[SettingNames.RememberChoiceTime]),
            HonourTlsRequiredNo = values[SettingNames.HonourTlsRequiredNo].Equals("yes", StringComparison.OrdinalIgnoreCase),
            SweepCronFile = values[SettingNames.SweepCronFile],
            SweepTimer = values[SettingNames.SweepTimer],
        };
    }

    private static void Validate(SettingDefinition definition, string value, string where)
    {
        switch (definition.Kind)
        {
            case SettingKind.Path:
                if (!IsAbsolutePath(value))
                {
                    throw new ConfigException($"{where}: \"{Shorten(value)}\" is not an absolute path");
                }

                break;
            case SettingKind.OptionalPath:
                if (value.Length > 0 && !IsAbsolutePath(value))
                {
                    throw new ConfigException($"{where}: \"{Shorten(value)}\" is not an absolute path (leave it empty for the default)");
                }

                break;
            case SettingKind.DurationOrOff when value == "0":
                break;
            case SettingKind.Duration or SettingKind.DurationOrOff:
                if (!DurationParser.TryParse(value, out var duration))
                {
                    throw new ConfigException($"{where}: \"{Shorten(value)}\" is not a time value such as 300s, 5m, 1h, 3d or 1w{(definition.Kind == SettingKind.DurationOrOff ? " (0: off)" : "")}");
                }

                if (duration > definition.MaximumDuration)
                {
                    throw new ConfigException($"{where}: \"{Shorten(value)}\" is too long (at most {definition.MaximumDuration.Value.TotalSeconds:0}s)");
                }

                break;
            case SettingKind.DurationList:
                var previous = TimeSpan.Zero;
                foreach (var item in ListValues.Split(value))
                {
                    if (!DurationParser.TryParse(item, out var step))
                    {
                        throw new ConfigException($"{where}: \"{Shorten(item)}\" is not a time value such as 1h, 4h or 1d");
                    }

                    if (step <= previous)
                    {
                        throw new ConfigException($"{where}: \"{Shorten(item)}\" must come later than the step before it");
                    }

                    previous = step.Value;
                }

                break;
            case SettingKind.Choice:
                if (!definition.Choices!.Contains(value, StringComparer.OrdinalIgnoreCase))
                {
                    throw new ConfigException($"{where}: \"{Shorten(value)}\" is not one of: {string.Join(", ", definition.Choices!)}");
                }

                break;
            case SettingKind.Domain:
                if (value.Length > 0 && !ListValues.IsDomain(value))
                {
                    throw new ConfigException($"{where}: \"{Shorten(value)}\" is not a domain name");
                }

                break;
            case SettingKind.DomainList:
                foreach (var item in ListValues.Split(value))
                {
                    if (!ListValues.IsDomain(item.TrimStart('.')))
                    {
                        throw new ConfigException($"{where}: \"{Shorten(item)}\" is not a domain name (or .domain for its subdomains)");
                    }
                }

                break;
            case SettingKind.ServiceName or SettingKind.OptionalServiceName:
                if (value.Length == 0 && definition.Kind == SettingKind.OptionalServiceName)
                {
                    break;
                }

                if (value.Length == 0 || value.StartsWith('.') || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                {
                    throw new ConfigException($"{where}: \"{Shorten(value)}\" is not a master.cf service name");
                }

                break;
            case SettingKind.OptionalLoopbackEndpoint:
                if (value.Length > 0 && LoopbackEndpoint.Parse(value) is null)
                {
                    throw new ConfigException($"{where}: \"{Shorten(value)}\" is not a loopback address and port such as 127.0.0.1:10026 (leave it empty for sendmail)");
                }

                break;
            case SettingKind.TimerUnit:
                if (!value.EndsWith(".timer", StringComparison.Ordinal) || value.Length == ".timer".Length
                    || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@' or '\\'))
                {
                    throw new ConfigException($"{where}: \"{Shorten(value)}\" is not a systemd timer unit name (NAME.timer)");
                }

                break;
            case SettingKind.Text:
                if (value.Any(char.IsControl))
                {
                    throw new ConfigException($"{where}: contains control characters");
                }

                break;
        }
    }

    /// <summary>Values are quoted in messages, cut so that a message stays a readable line.</summary>
    private static string Shorten(string value) => ConfigFileParser.Shorten(value);

    private static bool IsAbsolutePath(string value) =>
        value.Length > 1 && value[0] == '/' && !value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c));

    private static TimeSpan ParseDuration(string value) =>
        DurationParser.TryParse(value, out var duration) ? duration.Value : throw new InvalidOperationException(value);
}
