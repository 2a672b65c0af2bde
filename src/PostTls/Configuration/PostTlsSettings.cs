namespace PostTls.Configuration;

/// <summary>The validated, expanded configuration. Construct with <see cref="SettingsLoader"/>.</summary>
internal sealed class PostTlsSettings
{
    /// <summary>The file the settings came from, or the default path when it did not exist.</summary>
    public required string SourceFile { get; init; }

    public required string PostfixConfigDirectory { get; init; }

    /// <summary>Empty when Postfix's own sendmail_path is to be used.</summary>
    public required string SendmailPath { get; init; }

    public required string SecretKeyFile { get; init; }

    public required string DataDirectory { get; init; }

    public required string SpoolDirectory { get; init; }

    /// <summary>Empty means syslog.</summary>
    public required string LogFile { get; init; }

    public required TimeSpan ReinjectTimeLimit { get; init; }
}
