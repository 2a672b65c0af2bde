using PostTls.Configuration;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Configuration;

public sealed class SettingsLoaderTests
{
    private const string File = "/etc/posttls/test.conf";

    [Theory]
    [InlineData("")]
    [InlineData("# nothing but comments\n\n")]
    public void FromText_Empty_AllDefaults(string text)
    {
        var settings = SettingsLoader.FromText(File, text);

        Assert.Equal(File, settings.SourceFile);
        Assert.Equal("/etc/postfix", settings.PostfixConfigDirectory);
        Assert.Equal("", settings.SendmailPath);
        Assert.Equal("/etc/posttls/secret.key", settings.SecretKeyFile);
        Assert.Equal("/var/lib/posttls", settings.DataDirectory);
        Assert.Equal("/var/spool/posttls", settings.SpoolDirectory);
        Assert.Equal("", settings.LogFile);
        Assert.Equal(TimeSpan.FromSeconds(300), settings.ReinjectTimeLimit);
    }

    [Fact]
    public void FromText_EverySetting_IsApplied()
    {
        var settings = SettingsLoader.FromText(File, """
            postfix_config_directory = /etc/postfix-out
            sendmail_path = /usr/sbin/sendmail
            secret_key_file = /etc/posttls/other.key
            data_directory = /srv/posttls/data
            spool_directory = /srv/posttls/spool
            log_file = /var/log/posttls.log
            reinject_time_limit = 2m
            """);

        Assert.Equal("/etc/postfix-out", settings.PostfixConfigDirectory);
        Assert.Equal("/usr/sbin/sendmail", settings.SendmailPath);
        Assert.Equal("/etc/posttls/other.key", settings.SecretKeyFile);
        Assert.Equal("/srv/posttls/data", settings.DataDirectory);
        Assert.Equal("/srv/posttls/spool", settings.SpoolDirectory);
        Assert.Equal("/var/log/posttls.log", settings.LogFile);
        Assert.Equal(TimeSpan.FromMinutes(2), settings.ReinjectTimeLimit);
    }

    [Theory]
    [InlineData("data_directory = /srv/posttls\nspool_directory = $data_directory/spool\n", "/srv/posttls/spool")]
    [InlineData("data_directory = /srv/posttls\nspool_directory = ${data_directory}/spool\n", "/srv/posttls/spool")]
    [InlineData("spool_directory = ${data_directory}spool\n", "/var/lib/posttlsspool")]
    [InlineData("spool_directory = $data_directory\n", "/var/lib/posttls")]
    [InlineData("spool_directory = /a$$b\n", "/a$b")]
    [InlineData("spool_directory = /a$$$$b\n", "/a$$b")]
    [InlineData("spool_directory = /a$$data_directory\n", "/a$data_directory")]
    [InlineData("spool_directory = $data_directory/x\ndata_directory = /late\n", "/late/x")]
    [InlineData("data_directory = /d\nsecret_key_file = $data_directory/k\nspool_directory = $secret_key_file.s\n", "/d/k.s")]
    [InlineData("spool_directory = $data_directory-x\n", "/var/lib/posttls-x")]
    public void FromText_References_AreExpanded(string text, string spool)
    {
        Assert.Equal(spool, SettingsLoader.FromText(File, text).SpoolDirectory);
    }

    [Theory]
    [InlineData("spool_directory = $spool_directory/x\n", 1, "spool_directory", "itself")]
    [InlineData("spool_directory = ${spool_directory}\n", 1, "spool_directory", "itself")]
    [InlineData("# c\ndata_directory = $spool_directory\nspool_directory = $data_directory\n", 2, "data_directory", "itself")]
    [InlineData("spool_directory = $no_such_setting\n", 1, "spool_directory", "unknown setting")]
    [InlineData("spool_directory = ${data_directory\n", 1, "spool_directory", "missing \"}\"")]
    [InlineData("spool_directory = /a$\n", 1, "spool_directory", "$$")]
    [InlineData("spool_directory = /a$/b\n", 1, "spool_directory", "$$")]
    [InlineData("spool_directory = ${}\n", 1, "spool_directory", "$$")]
    [InlineData("spool_directory = ${a-b}\n", 1, "spool_directory", "$$")]
    public void FromText_BadReference_ThrowsNamingFileLineAndSetting(string text, int line, string setting, string detail)
    {
        var error = Assert.Throws<ConfigException>(() => SettingsLoader.FromText(File, text));

        Assert.StartsWith($"{File}, line {line}, setting {setting}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data_directory = var/lib/posttls\n", 1, "data_directory", "not an absolute path")]
    [InlineData("\n\nsecret_key_file = secret.key\n", 3, "secret_key_file", "not an absolute path")]
    [InlineData("postfix_config_directory =\n", 1, "postfix_config_directory", "not an absolute path")]
    [InlineData("spool_directory = /var/spool/post tls\n", 1, "spool_directory", "not an absolute path")]
    [InlineData("sendmail_path = sendmail\n", 1, "sendmail_path", "not an absolute path")]
    [InlineData("log_file = posttls.log\n", 1, "log_file", "not an absolute path")]
    [InlineData("reinject_time_limit = 5x\n", 1, "reinject_time_limit", "not a time value")]
    [InlineData("reinject_time_limit = 0s\n", 1, "reinject_time_limit", "not a time value")]
    [InlineData("reinject_time_limit =\n", 1, "reinject_time_limit", "not a time value")]
    [InlineData("# c\n\n\nreinject_time_limit = 1.5m\n", 4, "reinject_time_limit", "not a time value")]
    public void FromText_BadValue_ThrowsNamingFileLineAndSetting(string text, int line, string setting, string detail)
    {
        var error = Assert.Throws<ConfigException>(() => SettingsLoader.FromText(File, text));

        Assert.StartsWith($"{File}, line {line}, setting {setting}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no_such_setting = 1\n", 1)]
    [InlineData("\n  continued = 1\n", 2)]
    [InlineData("data_directory\n", 1)]
    public void FromText_SyntaxError_ThrowsConfigExceptionNamingFileAndLine(string text, int line)
    {
        var error = Assert.Throws<ConfigException>(() => SettingsLoader.FromText(File, text));

        Assert.StartsWith($"{File}, line {line}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromText_UnknownSetting_MessageNamesFileLineAndSetting()
    {
        var error = Assert.Throws<ConfigException>(() => SettingsLoader.FromText(File, "# c\ndata_directory = /x\nreinject_timelimit = 5s\n"));

        Assert.Contains(File, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("reinject_timelimit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromText_SameSettingTwice_LastAssignmentWins()
    {
        var settings = SettingsLoader.FromText(File, "reinject_time_limit = 1s\nreinject_time_limit = 2s\nreinject_time_limit = 3s\n");

        Assert.Equal(TimeSpan.FromSeconds(3), settings.ReinjectTimeLimit);
    }

    [Fact]
    public void FromText_BadValueOverriddenLater_IsNotAnError()
    {
        var settings = SettingsLoader.FromText(File, "data_directory = relative\ndata_directory = /abs\n");

        Assert.Equal("/abs", settings.DataDirectory);
    }

    [Fact]
    public void FromText_OverflowingTimeValue_ThrowsConfigException()
    {
        var error = Record.Exception(() => SettingsLoader.FromText(File, "reinject_time_limit = 999999999w\n"));

        Assert.IsType<ConfigException>(error);
        Assert.StartsWith($"{File}, line 1, setting reinject_time_limit: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExplicitFile_IsRead()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteFile("posttls.conf", "data_directory = /srv/explicit\n");

        var settings = SettingsLoader.Load(path);

        Assert.Equal(path, settings.SourceFile);
        Assert.Equal("/srv/explicit", settings.DataDirectory);
    }

    [Fact]
    public void Load_MissingExplicitFile_ThrowsNamingIt()
    {
        using var directory = new TempDirectory();
        var path = directory.File("missing.conf");

        var error = Assert.Throws<ConfigException>(() => SettingsLoader.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("no such file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExplicitFileInMissingDirectory_ThrowsNamingIt()
    {
        using var directory = new TempDirectory();
        var path = directory.File("no-such-dir/posttls.conf");

        var error = Assert.Throws<ConfigException>(() => SettingsLoader.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExplicitPathIsADirectory_ThrowsConfigException()
    {
        using var directory = new TempDirectory();

        var error = Assert.Throws<ConfigException>(() => SettingsLoader.Load(directory.Path));

        Assert.Contains(directory.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadFile_MessageNamesThatFile()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteFile("posttls.conf", "\nlog_file = relative.log\n");

        var error = Assert.Throws<ConfigException>(() => SettingsLoader.Load(path));

        Assert.StartsWith($"{path}, line 2, setting log_file: ", error.Message, StringComparison.Ordinal);
    }
}
