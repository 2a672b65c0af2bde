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
}
