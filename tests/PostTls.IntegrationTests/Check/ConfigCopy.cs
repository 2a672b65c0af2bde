using System.Text.RegularExpressions;
using PostTls.IntegrationTests.TestBed;

namespace PostTls.IntegrationTests.Check;

/// <summary>
/// A copy of the test bed's main.cf, master.cf and posttls.conf in a directory of its own, to
/// break one thing at a time without touching the running instance: posttls check reads
/// Postfix's configuration with postconf -c, so it looks at the copy.
/// </summary>
internal sealed partial class ConfigCopy
{
    public ConfigCopy(PostfixTestBed bed)
    {
        Bed = bed;
        Directory = System.IO.Directory.CreateTempSubdirectory("posttls-check-").FullName;
        File.SetUnixFileMode(Directory, (UnixFileMode)0b111_101_101);
        Etc = Path.Combine(Directory, "etc");
        System.IO.Directory.CreateDirectory(Etc);
        File.Copy(Path.Combine(bed.Etc, "main.cf"), Path.Combine(Etc, "main.cf"));
        File.Copy(Path.Combine(bed.Etc, "master.cf"), Path.Combine(Etc, "master.cf"));
        ConfigFile = Path.Combine(Directory, "posttls.conf");
        PostTlsConfig = File.ReadAllText(bed.ConfigFile).Replace($"postfix_config_directory = {bed.Etc}\n", $"postfix_config_directory = {Etc}\n", StringComparison.Ordinal);
    }

    public PostfixTestBed Bed { get; }

    public string Directory { get; }

    public string Etc { get; }

    public string ConfigFile { get; }

    /// <summary>posttls.conf of the copy; written by <see cref="Check"/>.</summary>
    public string PostTlsConfig { get; set; }

    /// <summary>Sets (or adds) a main.cf parameter.</summary>
    public ConfigCopy Main(string name, string value)
    {
        var path = Path.Combine(Etc, "main.cf");
        var text = File.ReadAllText(path);
        var line = new Regex($"^{Regex.Escape(name)} *=.*$", RegexOptions.Multiline);
        File.WriteAllText(path, line.IsMatch(text) ? line.Replace(text, $"{name} = {value}") : text + $"{name} = {value}\n");
        return this;
    }

    /// <summary>Removes a main.cf parameter, so its default applies.</summary>
    public ConfigCopy RemoveMain(string name)
    {
        var path = Path.Combine(Etc, "main.cf");
        File.WriteAllText(path, new Regex($"^{Regex.Escape(name)} *=.*\n", RegexOptions.Multiline).Replace(File.ReadAllText(path), ""));
        return this;
    }

    /// <summary>Rewrites master.cf.</summary>
    public ConfigCopy Master(Func<string, string> change)
    {
        var path = Path.Combine(Etc, "master.cf");
        File.WriteAllText(path, change(File.ReadAllText(path)));
        return this;
    }

    /// <summary>Removes a master.cf entry with its continuation lines.</summary>
    public ConfigCopy RemoveService(string name) =>
        Master(text => new Regex($"^{Regex.Escape(name)} [^\n]*\n(?:[ \t][^\n]*\n)*", RegexOptions.Multiline).Replace(text, ""));

    /// <summary>The cron file of <see cref="WithCronFile"/>.</summary>
    public string CronFile => Path.Combine(Directory, "cron.d-posttls");

    /// <summary>Installs postfix-snippets/cron.d-posttls for this copy and names it in sweep_cron_file.</summary>
    public ConfigCopy WithCronFile()
    {
        File.WriteAllText(CronFile, File.ReadAllText(RepositoryFiles.Path("postfix-snippets", "cron.d-posttls"))
            .Replace($"{Snippets.InstalledBinary} sweep", $"{Bed.Binary} --config {ConfigFile} sweep", StringComparison.Ordinal));
        PostTlsConfig += $"sweep_cron_file = {CronFile}\n";
        return this;
    }

    /// <summary>postfix-snippets/posttls-transport.pcre with <paramref name="hostName"/> filled in, as install.sh writes it; returns its path.</summary>
    public string TransportPcre(string hostName)
    {
        var path = Path.Combine(Directory, "posttls-transport.pcre");
        File.WriteAllText(path, File.ReadAllText(RepositoryFiles.Path("postfix-snippets", "posttls-transport.pcre"))
            .Replace(@"mail\.example\.com", hostName.Replace(".", @"\.", StringComparison.Ordinal), StringComparison.Ordinal));
        return path;
    }

    /// <summary>Runs the published binary: posttls --config COPY check ARGS.</summary>
    public Command.Result Check(params string[] arguments)
    {
        File.WriteAllText(ConfigFile, PostTlsConfig);
        return Command.Run(Bed.Binary, ["--config", ConfigFile, "check", .. arguments]);
    }

    public void Delete() => System.IO.Directory.Delete(Directory, recursive: true);
}
