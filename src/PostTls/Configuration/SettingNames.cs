namespace PostTls.Configuration;

/// <summary>The names of the settings. They are a contract with administrators' files: never rename one.</summary>
internal static class SettingNames
{
    public const string PostfixConfigDirectory = "postfix_config_directory";
    public const string SendmailPath = "sendmail_path";
    public const string SecretKeyFile = "secret_key_file";
    public const string DataDirectory = "data_directory";
    public const string SpoolDirectory = "spool_directory";
    public const string LogFile = "log_file";
    public const string ReinjectTimeLimit = "reinject_time_limit";
    public const string PostfixCommandTimeLimit = "postfix_command_time_limit";
    public const string ReinjectAddress = "reinject_address";
    public const string NotifyService = "notify_service";
    public const string AdminAddress = "admin_address";
    public const string ActionDomain = "action_domain";
    public const string NotificationSender = "notification_sender";
    public const string NotificationEnvelopeSender = "notification_envelope_sender";
    public const string NotifyUntaggedSenders = "notify_untagged_senders";
    public const string NeverInsecureAction = "never_insecure_action";
    public const string ReminderSchedule = "reminder_schedule";
    public const string DecisionTimeout = "decision_timeout";
    public const string DefaultAction = "default_action";
    public const string Language = "language";
    public const string TemplateDirectory = "template_directory";
    public const string ReleaseService = "release_service";
    public const string ReleaseRetryTime = "release_retry_time";
    public const string TrialMode = "trial_mode";
    public const string RememberChoiceTime = "remember_choice_time";
    public const string HonourTlsRequiredNo = "honour_tls_required_no";
    public const string SweepCronFile = "sweep_cron_file";
    public const string SweepTimer = "sweep_timer";
}
