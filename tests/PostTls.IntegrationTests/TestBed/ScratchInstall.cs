namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// A scratch root for install.sh and uninstall.sh as a new administrator runs them on a stock
/// Debian: a Postfix configuration directory with an empty main.cf and Debian's master.cf
/// (submission commented out), a posttls.conf whose state lies in the root, and PREFIX,
/// MAIL_CONFIG and POSTTLS_CONFIG pointing the scripts there. Postfix is not running for it.
/// </summary>
internal sealed class ScratchInstall : IDisposable
{
    /// <summary>The master.cf the postfix package installs, submission and submissions commented out.</summary>
    public const string StockMasterCf = "/usr/share/postfix/master.cf.dist";

    public ScratchInstall()
    {
        if (!File.Exists(StockMasterCf))
        {
            throw new InvalidOperationException($"{StockMasterCf} is missing: install the postfix package (the README's test command does)");
        }

        // No "posttls" in the path: uninstall.sh greps postconf -n (which prints
        // config_directory here) for settings that still name posttls.
        Root = Directory.CreateTempSubdirectory("install-test-").FullName;
        File.SetUnixFileMode(Root, (UnixFileMode)0b111_101_101);
        Etc = Path.Combine(Root, "etc", "postfix");
        Directory.CreateDirectory(Etc);
        Directory.CreateDirectory(Path.Combine(Root, "etc", "posttls"));
        Directory.CreateDirectory(Path.Combine(Root, "var"));
        File.WriteAllText(Path.Combine(Etc, "main.cf"), "compatibility_level = 3.6\n");
        File.Copy(StockMasterCf, Path.Combine(Etc, "master.cf"));
        ConfigFile = Path.Combine(Root, "etc", "posttls", "posttls.conf");
        File.WriteAllText(ConfigFile, $"""
            data_directory = {Root}/var/lib/posttls
            spool_directory = {Root}/var/spool/posttls
            secret_key_file = {Root}/etc/posttls/secret.key

            """);
    }

    public string Root { get; }

    /// <summary>The Postfix configuration directory (MAIL_CONFIG).</summary>
    public string Etc { get; }

    public string ConfigFile { get; }

    public string DataDirectory => Path.Combine(Root, "var", "lib", "posttls");

    public string Table(string name) => Path.Combine(Etc, name);

    /// <summary>postconf -e NAME=VALUE on the scratch main.cf.</summary>
    public void Main(string name, string value) =>
        Command.Run("postconf", "-c", Etc, "-e", $"{name}={value}").EnsureSuccess("postconf -e " + name);

    /// <summary>A main.cf parameter as Postfix sees it (postconf -h).</summary>
    public string Parameter(string name) => Command.Run("postconf", "-c", Etc, "-h", name).EnsureSuccess("postconf -h " + name).Output.Trim();

    /// <summary>Rewrites master.cf.</summary>
    public void Master(Func<string, string> change)
    {
        var path = Path.Combine(Etc, "master.cf");
        File.WriteAllText(path, change(File.ReadAllText(path)));
    }

    /// <summary>Runs ./install.sh --from the published build's directory.</summary>
    public Command.Result Install(string binary) => Script("install.sh", "--from", Path.GetDirectoryName(binary)!);

    public Command.Result Uninstall(params string[] arguments) => Script("uninstall.sh", arguments);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private Command.Result Script(string name, params string[] arguments) =>
        Command.Run(RepositoryFiles.Path(name), arguments, timeout: TimeSpan.FromMinutes(2), environment: new Dictionary<string, string?>
        {
            ["PREFIX"] = Path.Combine(Root, "usr"),
            ["MAIL_CONFIG"] = Etc,
            ["POSTTLS_CONFIG"] = ConfigFile,
        });
}
