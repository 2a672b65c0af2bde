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

    /// <summary>How long a Postfix command (postqueue, postcat, postsuper, postconf, postmap, sendmail) may run before it is killed.</summary>
    public required TimeSpan PostfixCommandTimeLimit { get; init; }

    /// <summary>The reinjection listener; null means sendmail (the old way).</summary>
    public required System.Net.IPEndPoint? ReinjectAddress { get; init; }

    /// <summary>The listener for PostTLS's own mail; empty means sendmail (the old way).</summary>
    public required string NotifyService { get; init; }

    public required string AdminAddress { get; init; }

    /// <summary>Lower case; empty means Postfix's myhostname (see <c>Postfix.PostfixFacts</c>).</summary>
    public required string ActionDomain { get; init; }

    /// <summary>Empty means the built-in "Mail Delivery System" address.</summary>
    public required string NotificationSender { get; init; }

    /// <summary>Empty means the null sender.</summary>
    public required string NotificationEnvelopeSender { get; init; }

    /// <summary>Lower-case domains; ".example.com" also matches its subdomains.</summary>
    public required IReadOnlyList<string> NotifyUntaggedSenders { get; init; }

    /// <summary><see cref="PolicyAction.Return"/>, <see cref="PolicyAction.Delete"/> or <see cref="PolicyAction.Hold"/>.</summary>
    public required PolicyAction NeverInsecureAction { get; init; }

    /// <summary>Reminder times after the first notice, increasing.</summary>
    public required IReadOnlyList<TimeSpan> ReminderSchedule { get; init; }

    public required TimeSpan DecisionTimeout { get; init; }

    /// <summary><see cref="PolicyAction.Return"/>, <see cref="PolicyAction.Delete"/>, <see cref="PolicyAction.Release"/> or <see cref="PolicyAction.Leave"/>.</summary>
    public required PolicyAction DefaultAction { get; init; }

    /// <summary>"en" or "de".</summary>
    public required string Language { get; init; }

    /// <summary>The release listener's service name in master.cf.</summary>
    public required string ReleaseService { get; init; }

    /// <summary>How long a release decision is retried after transient failures, counted from the first one since its last step.</summary>
    public required TimeSpan ReleaseRetryTime { get; init; }

    /// <summary>Empty means the built-in templates only.</summary>
    public required string TemplateDirectory { get; init; }

    /// <summary>How long a sender's "do the same for this domain" holds; zero: notices do not offer it.</summary>
    public required TimeSpan RememberChoiceTime { get; init; }

    /// <summary>Whether verified mail with "TLS-Required: No" (RFC 8689) is released at its first TLS deferral without a notice.</summary>
    public required bool HonourTlsRequiredNo { get; init; }

    /// <summary>posttls check grades an opportunistic TLS level as a warning while a trial runs.</summary>
    public required bool TrialMode { get; init; }

    /// <summary>Where posttls check looks for the cron file that runs the sweep.</summary>
    public required string SweepCronFile { get; init; }

    /// <summary>The systemd timer posttls check looks for.</summary>
    public required string SweepTimer { get; init; }
}
