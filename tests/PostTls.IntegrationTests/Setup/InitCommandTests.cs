using PostTls.Configuration;
using PostTls.IntegrationTests.TestBed;
using PostTls.Setup;

namespace PostTls.IntegrationTests.Setup;

/// <summary>posttls init, run as root on a real system with the posttls user.</summary>
[Collection(PostfixCollection.Name)]
public sealed class InitCommandTests(PostfixTestBed bed)
{
    [Fact]
    public void Init_FreshDirectory_CreatesKeyDirectoriesAndConfigWithSafeOwnersAndModes()
    {
        var (root, config) = FreshSetup();

        var result = Command.Run(bed.Binary, "init", "--config", config);

        Assert.True(result.ExitCode == 0, Command.Describe(result));
        Assert.Equal("root:root 644", Stat(config));
        Assert.Equal("root:posttls 640", Stat($"{root}/secret.key"));
        Assert.Equal(32, new FileInfo($"{root}/secret.key").Length);
        Assert.Equal("root:root 700", Stat($"{root}/lib"));
        Assert.Equal("posttls:posttls 700", Stat($"{root}/spool"));
        Assert.Equal("root:posttls 660", Stat($"{root}/posttls.log"));
        Assert.Contains($"kept {config}", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteDefaultConfigIfMissing_NoFile_WritesTheCommentedDefaultsRootOwned()
    {
        var config = Path.Combine(bed.Root, "default-" + Guid.NewGuid().ToString("N")[..8], "posttls.conf");
        var report = new StringWriter();

        new Initializer(ServiceAccount.Find(), report).WriteDefaultConfigIfMissing(config);

        Assert.Equal(DefaultConfigFile.Render(), File.ReadAllText(config));
        Assert.Equal("root:root 644", Stat(config));
        Assert.Contains($"created {config}", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Init_RunTwice_KeepsTheKeyAndRepairsModes_ForceReplacesIt()
    {
        var (root, config) = FreshSetup();
        Command.Run(bed.Binary, "init", "--config", config).EnsureSuccess("first init");
        var key = File.ReadAllBytes($"{root}/secret.key");
        File.SetUnixFileMode($"{root}/lib", (UnixFileMode)0b111_111_111);

        var again = Command.Run(bed.Binary, "init", "--config", config);

        Assert.True(again.ExitCode == 0, Command.Describe(again));
        Assert.Contains("kept the existing secret key", again.Output, StringComparison.Ordinal);
        Assert.Equal(key, File.ReadAllBytes($"{root}/secret.key"));
        Assert.Equal("root:root 700", Stat($"{root}/lib"));

        var forced = Command.Run(bed.Binary, "init", "--config", config, "--force");

        Assert.True(forced.ExitCode == 0, Command.Describe(forced));
        Assert.NotEqual(key, File.ReadAllBytes($"{root}/secret.key"));
        Assert.Equal("root:posttls 640", Stat($"{root}/secret.key"));
        // The reinjection listener's table follows the new key.
        Assert.Equal(PostTls.Tagging.ReinjectHelo.Table(File.ReadAllBytes($"{root}/secret.key")), File.ReadAllText($"{root}/etc/posttls-reinject-helo"));
        Assert.Equal("root:root 600", Stat($"{root}/etc/posttls-reinject-helo"));
        Assert.Contains("postfix reload", forced.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_NotRoot_Refuses77()
    {
        var (_, config) = FreshSetup();

        var result = Command.Run("runuser", "-u", PostfixTestBed.ServiceUser, "--", "env", "-i", bed.Binary, "init", "--config", config);

        Assert.Equal(77, result.ExitCode);
        Assert.Contains("must be run as root", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_BadConfig_Exit78NamingFileAndLine()
    {
        var (_, config) = FreshSetup();
        File.AppendAllText(config, "secret_key_file = relative/key\n");

        var result = Command.Run(bed.Binary, "init", "--config", config);

        Assert.Equal(78, result.ExitCode);
        Assert.Contains($"{config}, line 6, setting secret_key_file", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    private (string Root, string Config) FreshSetup()
    {
        var root = Path.Combine(bed.Root, "init-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        // Its own: init writes the reinjection listener's HELO table there, for this key.
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        var config = Path.Combine(root, "posttls.conf");
        File.WriteAllText(config, $"""
            secret_key_file = {root}/secret.key
            data_directory = {root}/lib
            spool_directory = {root}/spool
            log_file = {root}/posttls.log
            postfix_config_directory = {root}/etc

            """);
        return (root, config);
    }

    private static string Stat(string path) =>
        Command.Run("stat", "-c", "%U:%G %a", path).EnsureSuccess("stat " + path).Output.Trim();
}
