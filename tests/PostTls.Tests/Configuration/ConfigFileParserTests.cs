using PostTls.Configuration;

namespace PostTls.Tests.Configuration;

public sealed class ConfigFileParserTests
{
    private const string File = "/etc/posttls/test.conf";

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("# only a comment\n")]
    [InlineData("   # an indented comment\n\t\n")]
    [InlineData("\r\n# comment\r\n\r\n")]
    public void Parse_NoAssignments_ReturnsEmpty(string text)
    {
        Assert.Empty(ConfigFileParser.Parse(File, text));
    }

    [Theory]
    [InlineData("data_directory = /srv/posttls", "/srv/posttls", 1)]
    [InlineData("data_directory=/srv/posttls", "/srv/posttls", 1)]
    [InlineData("data_directory   =   /srv/posttls   ", "/srv/posttls", 1)]
    [InlineData("data_directory = /srv/posttls\r\n", "/srv/posttls", 1)]
    [InlineData("# comment\n\ndata_directory = /srv/posttls\n# after\n", "/srv/posttls", 3)]
    [InlineData("data_directory =\n  /srv/posttls\n", "/srv/posttls", 1)]
    [InlineData("data_directory = /srv\n\t/posttls\n", "/srv /posttls", 1)]
    [InlineData("data_directory = /srv\n# comment between\n  /posttls\n", "/srv /posttls", 1)]
    [InlineData("data_directory = /first\ndata_directory = /second\n", "/second", 2)]
    [InlineData("data_directory = /a=b\n", "/a=b", 1)]
    [InlineData("data_directory = /a # not a comment\n", "/a # not a comment", 1)]
    public void Parse_Assignment_YieldsValueAndLine(string text, string value, int line)
    {
        var entry = Assert.Single(ConfigFileParser.Parse(File, text)).Value;

        Assert.Equal(SettingNames.DataDirectory, entry.Name);
        Assert.Equal(value, entry.RawValue);
        Assert.Equal(line, entry.Line);
    }

    [Theory]
    [InlineData("  data_directory = /x\n", 1, "continuation line")]
    [InlineData("\n\n\tdata_directory = /x\n", 3, "continuation line")]
    [InlineData("data_directory /x\n", 1, "expected \"name = value\"")]
    [InlineData("data_directory = /x\njust words\n", 2, "expected \"name = value\"")]
    [InlineData("= /x\n", 1, "not a valid setting name")]
    [InlineData("data-directory = /x\n", 1, "not a valid setting name")]
    [InlineData("data directory = /x\n", 1, "not a valid setting name")]
    [InlineData("no_such_setting = 1\n", 1, "unknown setting \"no_such_setting\"")]
    [InlineData("# c\n\nData_Directory = /x\n", 3, "unknown setting \"Data_Directory\"")]
    [InlineData("data_directory = /x\nno_such_setting =\n  continued\n", 2, "unknown setting \"no_such_setting\"")]
    public void Parse_BadLine_ThrowsNamingFileAndLine(string text, int line, string detail)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigFileParser.Parse(File, text));

        Assert.StartsWith($"{File}, line {line}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EveryKnownSetting_IsAccepted()
    {
        var text = string.Concat(SettingDefinitions.All.Select(s => $"{s.Name} = x\n"));

        var entries = ConfigFileParser.Parse(File, text);

        Assert.Equal(SettingDefinitions.All.Select(s => s.Name).Order(StringComparer.Ordinal), entries.Keys.Order(StringComparer.Ordinal));
    }
}
