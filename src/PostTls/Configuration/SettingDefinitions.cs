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
            "The sendmail command, used only where reinject_address or notify_service is empty (the old way). Empty: Postfix's own sendmail_path, read with postconf."),
        new(SettingNames.ReinjectAddress, "127.0.0.1:10026", SettingKind.OptionalLoopbackEndpoint,
            "Where filter hands tagged mail back to Postfix over SMTP: the reinjection listener in master.cf. Empty: reinject with sendmail, as before 0.3 (then locally submitted mail cannot be filtered)."),
        new(SettingNames.NotifyService, "posttls-notify", SettingKind.OptionalServiceName,
            "The master.cf name of the listener that takes PostTLS's own mail (notices, confirmations, alerts): an smtpd on the private unix socket $queue_directory/private/NAME. Empty: sendmail, as before 0.3."),
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
        new(SettingNames.PostfixCommandTimeLimit, "120s", SettingKind.Duration,
            "How long a Postfix command run by sweep, apply or an admin command (postqueue, postcat, postsuper, postconf, postmap, sendmail) may take before it is killed and the run goes on without it, with a warning.",
            MaximumDuration: TimeSpan.FromMinutes(15)),
        new(SettingNames.AdminAddress, "postmaster", SettingKind.Text,
            "Who is alerted when TLS fails on our side (TLS engine or client configuration): an administrator's problem, never the sender's."),
        new(SettingNames.ActionDomain, "", SettingKind.Domain,
            "The domain of the action addresses in notifications. Empty: Postfix's myhostname."),
        new(SettingNames.NotificationSender, "", SettingKind.Text,
            "The From: of notifications. Empty: \"Mail Delivery System <MAILER-DAEMON@action_domain>\"."),
        new(SettingNames.NotificationEnvelopeSender, "", SettingKind.Text,
            "The envelope sender of notifications. Empty: the null sender, as for a delivery status notification."),
        new(SettingNames.NotifyUntaggedSenders, "", SettingKind.DomainList,
            "Sender domains whose untagged mail (not submitted through the filter) is notified too; example.com matches that domain, .example.com its subdomains."),
        new(SettingNames.NeverInsecureAction, "return", SettingKind.Choice,
            "What happens to mail whose only TLS-failed recipients are in never-insecure domains: return (to the sender, via postsuper -f), delete, or hold.",
            Choices: ["return", "delete", "hold"]),
        new(SettingNames.ReminderSchedule, "1h, 4h, 24h", SettingKind.DurationList,
            "When reminders follow the first notice, counted from the first notice. Empty: no reminders."),
        new(SettingNames.DecisionTimeout, "3d", SettingKind.Duration,
            "How long after the first notice the sender has to decide before default_action applies. Keep it below Postfix's maximal_queue_lifetime.",
            MaximumDuration: TimeSpan.FromDays(100)),
        new(SettingNames.DefaultAction, "return", SettingKind.Choice,
            "What happens when the sender does not decide in time: return (to the sender, via postsuper -f), delete, release (send without encryption), or leave (to Postfix's own expiry).",
            Choices: ["return", "delete", "release", "leave"]),
        new(SettingNames.Language, "en", SettingKind.Choice,
            "The language of notifications: en (English) or de (German).",
            Choices: ["en", "de"]),
        new(SettingNames.ReleaseService, "posttls-release", SettingKind.ServiceName,
            "The master.cf name of the release listener, an smtpd on the private unix socket $queue_directory/private/NAME."),
        new(SettingNames.ReleaseRetryTime, "1h", SettingKind.Duration,
            "How long a \"send without encryption\" is retried after a transient failure (the release listener answers 4xx or cannot be reached, a Postfix command fails) before the decision ends: the message is taken off hold and the sender and admin_address are told. A 5xx ends it at once.",
            MaximumDuration: TimeSpan.FromDays(100)),
        new(SettingNames.RememberChoiceTime, "14d", SettingKind.DurationOrOff,
            "How long a sender's \"send without encryption, and do the same for my further messages to this domain\" holds: notices offer it per recipient domain, and while it holds, that sender's mail to exactly that domain goes without encryption at the next sweep, with a confirmation that says how to stop it. Only for the kind of TLS failure the sender saw. 0: not offered.",
            MaximumDuration: TimeSpan.FromDays(90)),
        new(SettingNames.HonourTlsRequiredNo, "yes", SettingKind.Choice,
            "yes: a sender's verified mail that carries \"TLS-Required: No\" (RFC 8689) goes without encryption at its first TLS deferral, without a notice; the sender gets a confirmation. Never to never-insecure domains. no: such mail is asked about like any other.",
            Choices: ["no", "yes"]),
        new(SettingNames.TemplateDirectory, "", SettingKind.OptionalPath,
            "A directory whose templates override the built-in notification texts (see posttls.conf(5)). Empty: built-in texts only."),
        new(SettingNames.TrialMode, "no", SettingKind.Choice,
            "yes while you try PostTLS before requiring TLS for every destination: posttls check then reports an opportunistic smtp_tls_security_level as a warning, not an error.",
            Choices: ["no", "yes"]),
        new(SettingNames.SweepCronFile, "/etc/cron.d/posttls", SettingKind.Path,
            "The cron file that runs posttls sweep, as posttls check looks for it (another one for a second instance)."),
        new(SettingNames.SweepTimer, "posttls-sweep.timer", SettingKind.TimerUnit,
            "The systemd timer that runs posttls sweep, as posttls check looks for it (another one for a second instance)."),
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
