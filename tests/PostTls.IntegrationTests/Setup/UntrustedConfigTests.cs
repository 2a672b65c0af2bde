using PostTls.IntegrationTests.TestBed;

namespace PostTls.IntegrationTests.Setup;

/// <summary>
/// posttls.conf names the sendmail that root's sweep runs for every notice. A user who can
/// write the file, or a directory above it, can point that at a program of his own: the
/// published posttls must refuse such a file (78 for root's commands, 75 for the filter, so
/// Postfix keeps the mail) and never run what it names.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class UntrustedConfigTests(PostfixTestBed bed)
{
    [Fact]
    public void Sweep_ConfigurationInADirectoryGroupPosttlsCanWrite_RefusedAndItsSendmailNeverRuns()
    {
        var (config, ran) = PlantedConfig();
        StuckMail.Submit(bed, "ivy");

        var result = Command.Run(bed.Binary, "sweep", "--config", config);

        Assert.True(result.ExitCode == 78, Command.Describe(result));
        Assert.Contains($"refusing to use configuration file {config}: {Path.GetDirectoryName(config)} can be written by its group (mode 0775)",
            result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(ran), "root ran the planted sendmail: " + (File.Exists(ran) ? File.ReadAllText(ran) : ""));
    }

    [Fact]
    public void Filter_ConfigurationInADirectoryGroupPosttlsCanWrite_DefersAndItsSendmailNeverRuns()
    {
        var (config, ran) = PlantedConfig();

        var result = Command.Run("runuser", ["-u", PostfixTestBed.ServiceUser, "--", "env", "-i", bed.Binary, "filter", "--config", config,
            "-f", "alice@posttls.test", "--", "bob@example.test"], "Subject: x\n\nx\n"u8.ToArray());

        Assert.True(result.ExitCode == 75, Command.Describe(result));
        Assert.Contains("refusing to use configuration file", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(ran), "the filter ran the planted sendmail");
    }

    /// <summary>
    /// A working configuration (posttls init ran on it while its directory was still root's),
    /// whose directory is then opened to group posttls and whose sendmail_path names a program
    /// that records who ran it.
    /// </summary>
    private (string Config, string Ran) PlantedConfig()
    {
        var root = Path.Combine(bed.Root, "planted-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        var ran = Path.Combine(root, "bin", "ran"); // FakeSendmail's directory: writable for the filter's user too
        var sendmail = FakeSendmail.Create(Path.Combine(root, "bin"), "sendmail", $"id -u > {ran}\ncat > /dev/null");
        var config = Path.Combine(root, "etc", "posttls.conf");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        File.SetUnixFileMode(Path.GetDirectoryName(config)!, (UnixFileMode)0b111_101_101);
        File.WriteAllText(config, $"""
            postfix_config_directory = {bed.Etc}
            secret_key_file = {bed.KeyFile}
            data_directory = {root}/lib
            spool_directory = {root}/spool
            log_file = {root}/posttls.log
            sendmail_path = {sendmail}

            """);
        File.SetUnixFileMode(config, (UnixFileMode)0b110_100_100);
        Command.Run(bed.Binary, "init", "--config", config).EnsureSuccess("posttls init");

        Command.Run("chgrp", PostfixTestBed.ServiceUser, Path.GetDirectoryName(config)!).EnsureSuccess("chgrp");
        File.SetUnixFileMode(Path.GetDirectoryName(config)!, (UnixFileMode)0b111_111_101);
        return (config, ran);
    }
}
