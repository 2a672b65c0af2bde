using PostTls.Configuration;

namespace PostTls.Tests.Configuration;

public sealed class DefaultConfigFileTests
{
    /// <summary>The Debian package ships it as the conffile /etc/posttls/posttls.conf: it must be what init writes.</summary>
    [Fact]
    public void Render_IsTheShippedDefaultFile()
    {
        Assert.Equal(File.ReadAllText(RepositoryFiles.Path("postfix-snippets", "posttls.conf")), DefaultConfigFile.Render());
    }

    [Fact]
    public void Render_ParsedBack_YieldsAllDefaults()
    {
        var text = DefaultConfigFile.Render();

        Assert.Empty(ConfigFileParser.Parse("posttls.conf", text));
        var settings = SettingsLoader.FromText("posttls.conf", text);
        var defaults = SettingsLoader.FromText("posttls.conf", "");
        Assert.Equal(defaults.PostfixConfigDirectory, settings.PostfixConfigDirectory);
        Assert.Equal(defaults.SendmailPath, settings.SendmailPath);
        Assert.Equal(defaults.SecretKeyFile, settings.SecretKeyFile);
        Assert.Equal(defaults.DataDirectory, settings.DataDirectory);
        Assert.Equal(defaults.SpoolDirectory, settings.SpoolDirectory);
        Assert.Equal(defaults.LogFile, settings.LogFile);
        Assert.Equal(defaults.ReinjectTimeLimit, settings.ReinjectTimeLimit);
    }

    [Fact]
    public void Render_EverySetting_AppearsCommentedOutAtItsDefault()
    {
        var lines = DefaultConfigFile.Render().Split('\n');

        foreach (var setting in SettingDefinitions.All)
        {
            Assert.Contains(setting.Default.Length > 0 ? $"#{setting.Name} = {setting.Default}" : $"#{setting.Name} =", lines);
        }
    }

    [Fact]
    public void Render_UncommentingEveryLine_StillYieldsAllDefaults()
    {
        var uncommented = string.Join('\n', DefaultConfigFile.Render().Split('\n')
            .Select(line => SettingDefinitions.All.Any(s => line.StartsWith($"#{s.Name} = ", StringComparison.Ordinal)) ? line[1..] : line));

        var settings = SettingsLoader.FromText("posttls.conf", uncommented);

        Assert.Equal(TimeSpan.FromSeconds(300), settings.ReinjectTimeLimit);
        Assert.Equal("/etc/posttls/secret.key", settings.SecretKeyFile);
    }

    [Fact]
    public void Render_Lines_FitInEightyColumns()
    {
        foreach (var line in DefaultConfigFile.Render().Split('\n'))
        {
            Assert.True(line.Length <= 80, $"too long: {line}");
        }
    }

    [Fact]
    public void Render_Text_UsesLfOnlyAndEndsWithNewline()
    {
        var text = DefaultConfigFile.Render();

        Assert.DoesNotContain('\r', text);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
    }
}
