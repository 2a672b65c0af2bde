using PostTls.Cli;
using PostTls.Commands;
using PostTls.Configuration;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Configuration;

/// <summary>
/// posttls.conf names the programs root runs (sendmail_path) and the templates of notices:
/// every command refuses a file, template directory or template that anyone but root (and
/// the running user) can change; the root-run commands with 78, filter and decide with 75
/// so that Postfix keeps the mail. Only check reads such a file, to report it.
/// </summary>
public sealed class ConfigTrustTests : IDisposable
{
    private const UnixFileMode GroupWritable = (UnixFileMode)0b110_110_100;

    private readonly TempDirectory _directory = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        _directory.Dispose();
        _output.Dispose();
        _error.Dispose();
    }

    private string Config(string text = "") => _directory.WriteFile("posttls.conf", $"""
        data_directory = {_directory.File("data")}
        spool_directory = {_directory.File("spool")}
        secret_key_file = {_directory.File("missing.key")}
        log_file = {_directory.File("posttls.log")}
        sendmail_path = /bin/false
        {text}
        """);

    [Fact]
    public void Load_GroupWritableConfiguration_RefusedNamingFileAndFix()
    {
        var file = Config();
        File.SetUnixFileMode(file, GroupWritable);

        var error = Assert.Throws<ConfigException>(() => SettingsLoader.Load(file));

        Assert.Equal($"refusing to use configuration file {file}: {file} can be written by its group (mode 0664); "
            + $"only root may be able to change it or a directory above it (chmod go-w {file})", error.Message);
        Assert.Equal(file, SettingsLoader.LoadToInspect(file, _ => null).SourceFile);
    }

    [Fact]
    public void Load_WritableDirectoryAboveConfiguration_Refused()
    {
        var file = Config();
        File.SetUnixFileMode(_directory.Path, (UnixFileMode)0b111_111_111);

        var error = Assert.Throws<ConfigException>(() => SettingsLoader.Load(file));

        Assert.Contains($"{_directory.Path} can be written by everyone (mode 0777)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WritableTemplateDirectoryOrTemplate_Refused()
    {
        var templates = Directory.CreateDirectory(_directory.File("templates")).FullName;
        var file = Config($"template_directory = {templates}");
        Assert.Equal(templates, SettingsLoader.Load(file).TemplateDirectory);

        var template = _directory.WriteFile("templates/notice.en.txt", "Hello");
        File.SetUnixFileMode(template, GroupWritable);
        Assert.Contains($"refusing to use template {template}: ", Assert.Throws<ConfigException>(() => SettingsLoader.Load(file)).Message, StringComparison.Ordinal);

        File.SetUnixFileMode(template, (UnixFileMode)0b110_100_100);
        File.SetUnixFileMode(templates, (UnixFileMode)0b1_111_111_111);
        Assert.Contains($"refusing to use template_directory {templates}: ", Assert.Throws<ConfigException>(() => SettingsLoader.Load(file)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sweep")]
    [InlineData("apply")]
    [InlineData("list")]
    [InlineData("domains", "list")]
    [InlineData("init")]
    public void RootCommand_UntrustedConfiguration_ConfigErrorBeforeAnythingRuns(params string[] command)
    {
        var file = Config();
        File.SetUnixFileMode(file, GroupWritable);

        var status = PostTlsCli.Run(["--config", file, .. command], TestHost.Create(root: true), _output, _error);

        Assert.Equal(ExitCodes.Config, status);
        Assert.Contains($"refusing to use configuration file {file}", _error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_directory.File("data")), "the command went on with the file");
    }

    [Theory]
    [InlineData("filter", "-f", "alice@example.org", "--", "bob@example.net")]
    [InlineData("decide", "-f", "alice@example.org", "--", "posttls-send-aaisem2ekvthpcez-29926920-5vzgkwy3uxr64cti@action.example.org")]
    public void PipeCommand_UntrustedConfiguration_TempFailsSoPostfixKeepsTheMail(params string[] command)
    {
        var file = Config();
        File.SetUnixFileMode(file, GroupWritable);

        var status = PostTlsCli.Run([command[0], "--config", file, .. command[1..]], TestHost.Create(root: false), _output, _error);

        Assert.Equal(ExitCodes.TempFail, status);
        Assert.Contains("refusing to use configuration file", _error.ToString(), StringComparison.Ordinal);
    }
}
