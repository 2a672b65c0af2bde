using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// A private Postfix instance in a temporary directory, an smtp-sink remote that cannot do TLS,
/// the posttls system user and a published posttls binary that user can run, wired together
/// with the files in postfix-snippets/. The system's own Postfix is not touched beyond one
/// alternate_config_directories entry, which is removed again. Everything started here is
/// stopped by pid. Installs no packages: when Postfix is missing it fails and says how to get it.
/// </summary>
public sealed partial class PostfixTestBed : IDisposable
{
    public const string ServiceUser = "posttls";

    /// <summary>Routed to the sink with mandatory TLS: every message for it is deferred.</summary>
    public const string TlsDomain = "example.test";

    /// <summary>Routed to the sink with opportunistic TLS: messages for it are delivered.</summary>
    public const string PlainDomain = "plain.test";

    /// <summary>Routed to the sink with mandatory TLS, for never-insecure tests.</summary>
    public const string NeverDomain = "never.test";

    /// <summary>action_domain: posttls.conf leaves it empty, so it is the instance's myhostname.</summary>
    public const string ActionDomain = "mail.posttls.test";

    /// <summary>Local virtual mailboxes (Maildir): the senders, who receive PostTLS's notices.</summary>
    public const string LocalDomain = "posttls.test";

    /// <summary>Senders with a mailbox in <see cref="LocalDomain"/>.</summary>
    public static readonly string[] Mailboxes = ["alice", "bob", "carol", "dave", "erin", "frank", "gina", "hank", "ivy", "judy", "kim", "lea", "max"];

    /// <summary>The mailbox admin_address points at, so alerts can be read.</summary>
    public const string AdminMailbox = "admin";

    /// <summary>
    /// Routed with mandatory TLS to a remote that announces SMTPUTF8 but not STARTTLS
    /// (smtp-sink announces neither, and mail from a UTF-8 sender bounces there for SMTPUTF8).
    /// </summary>
    public const string Utf8Domain = "utf8.test";

    /// <summary>An address literal, routed to the sink with mandatory TLS (recipients look like bob@[127.0.0.2]).</summary>
    public const string LiteralDomain = "[127.0.0.2]";

    /// <summary>Routed to a port where nothing listens: deferred, but not for TLS.</summary>
    public const string DownDomain = "down.test";

    private readonly SystemPostfixEntry _alternateDirectory;
    private readonly DovecotAuthServer _auth;
    private readonly Process _sink;
    private readonly Process _utf8Sink;
    private readonly string _baseConfig;
    private bool _postfixStarted;

    public PostfixTestBed()
    {
        RequirePrerequisites();
        _auth = new DovecotAuthServer();
        Root = Directory.CreateTempSubdirectory("posttls-it-").FullName;
        File.SetUnixFileMode(Root, (UnixFileMode)0b111_101_101);
        Etc = Path.Combine(Root, "etc");
        QueueDirectory = Path.Combine(Root, "queue");
        SinkDirectory = Path.Combine(Root, "sink");
        PostTlsDirectory = Path.Combine(Root, "posttls");
        MailDirectory = Path.Combine(Root, "mail");
        foreach (var directory in new[] { Etc, QueueDirectory, SinkDirectory, PostTlsDirectory, MailDirectory, Path.Combine(Root, "data"), Path.Combine(Root, "bin") })
        {
            Directory.CreateDirectory(directory);
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        }

        SystemPostfixEntry.EnsureServiceUser();
        PostfixVersion = Version.Parse(Command.Run(Tool("postconf"), "-d", "-h", "mail_version").EnsureSuccess("postconf mail_version").Output.Trim());
        Binary = PublishedBinary.CopyTo(Path.Combine(Root, "bin"));

        PlainPort = FreePort();
        SubmissionPort = FreePort();
        SaslPort = FreePort();
        GatewayPort = FreePort();
        SinkPort = FreePort();
        Utf8SinkPort = FreePort();
        ReinjectPort = FreePort();

        ConfigFile = Path.Combine(PostTlsDirectory, "posttls.conf");
        KeyFile = Path.Combine(PostTlsDirectory, "secret.key");
        LogFile = Path.Combine(PostTlsDirectory, "posttls.log");
        _baseConfig = $"""
            postfix_config_directory = {Etc}
            secret_key_file = {KeyFile}
            data_directory = {PostTlsDirectory}/lib
            spool_directory = {PostTlsDirectory}/spool
            log_file = {LogFile}
            reinject_address = 127.0.0.1:{ReinjectPort}
            admin_address = {AdminMailbox}@{LocalDomain}
            {(PostfixRoot.CommandDirectory is { } commands ? $"sendmail_path = {commands}/sendmail" : "")}

            """;
        WriteConfig(_baseConfig);
        Command.Run(Binary, "init", "--config", ConfigFile).EnsureSuccess("posttls init");

        WritePostfixConfiguration();
        ChrootHosts.Prepare(Etc, QueueDirectory);
        _alternateDirectory = SystemPostfixEntry.Add(Etc);

        Command.Run("chown", "postfix", Path.Combine(Root, "data")).EnsureSuccess("chown data_directory");
        Command.Run("chown", "nobody", SinkDirectory).EnsureSuccess("chown sink directory");
        Command.Run("chown", "nobody", MailDirectory).EnsureSuccess("chown mail directory");
        Command.Run(Tool("postfix"), "-c", Etc, "check").EnsureSuccess("postfix check");
        Command.Run(Tool("postfix"), "-c", Etc, "start").EnsureSuccess("postfix start (see " + MailLog + ")");
        _postfixStarted = true;

        _sink = Process.Start(new ProcessStartInfo(Tool("smtp-sink"))
        {
            ArgumentList = { "-u", "nobody", "-d", SinkDirectory + "/%M.", $"127.0.0.1:{SinkPort}", "100" },
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("cannot start smtp-sink");

        _utf8Sink = UnusualMail.StartUtf8Sink(Utf8SinkPort, SinkDirectory);

        WaitForListener(SubmissionPort);
        WaitForListener(SaslPort);
        WaitForListener(GatewayPort);
        WaitForListener(SinkPort);
        WaitForListener(Utf8SinkPort);
        WaitForListener(ReinjectPort);
    }

    public string Root { get; }

    /// <summary>The instance's mail_version: the machine's Postfix, or a root's (<see cref="PostfixRoot"/>).</summary>
    public Version PostfixVersion { get; }

    /// <summary>The instance's config_directory, passed as -c to every Postfix command.</summary>
    public string Etc { get; }

    public string QueueDirectory { get; }

    public string SinkDirectory { get; }

    public string MailDirectory { get; }

    public string PostTlsDirectory { get; }

    public string Binary { get; }

    public string ConfigFile { get; }

    public string KeyFile { get; }

    public string LogFile { get; }

    public string MailLog => Path.Combine(Root, "maillog");

    /// <summary>The reinjection listener of postfix-snippets/master.cf, on a port of its own.</summary>
    public int ReinjectPort { get; }

    /// <summary>An smtpd without content filter.</summary>
    public int PlainPort { get; }

    /// <summary>
    /// An smtpd with the content_filter and the sender restrictions of the submission snippet:
    /// mail through it is tagged, and a client that logs in (SASL, <see cref="DovecotAuthServer"/>)
    /// may send only as its own addresses. Clients that do not log in are let through, as mynetworks.
    /// </summary>
    public int SubmissionPort { get; }

    /// <summary>An smtpd that offers SASL but has no login-mismatch restriction, as port 25 with AUTH on many servers.</summary>
    public int SaslPort { get; }

    /// <summary>An smtpd that believes XCLIENT from loopback, with 192.0.2.0/24 in its mynetworks: a filtering gateway's port.</summary>
    public int GatewayPort { get; }

    /// <summary>A host of the gateway's mynetworks that is not this machine (give it as XCLIENT ADDR).</summary>
    public const string GatewayClient = "192.0.2.25";

    public int SinkPort { get; }

    /// <summary>tests/testbed/smtputf8-sink.py, the remote of <see cref="Utf8Domain"/>; it writes into <see cref="SinkDirectory"/> too.</summary>
    public int Utf8SinkPort { get; }

    public byte[] Key => File.ReadAllBytes(KeyFile);

    public static string Tool(string program) =>
        Command.Find(program) ?? throw new InvalidOperationException($"{program} not found");

    /// <summary>Replaces posttls.conf with the test bed's settings plus <paramref name="extraLines"/>.</summary>
    public void SetPostTlsConfig(string extraLines = "") => WriteConfig(_baseConfig + extraLines);

    public IReadOnlyList<QueueEntry> Queue() =>
        QueueEntry.ParseLines(Command.Run(Tool("postqueue"), "-c", Etc, "-j").EnsureSuccess("postqueue -j").Output);

    public QueueEntry? QueuedFor(string recipient) => Queue().FirstOrDefault(e => e.HasRecipient(recipient));

    public void FlushQueue() => Command.Run(Tool("postqueue"), "-c", Etc, "-f").EnsureSuccess("postqueue -f");

    public string Postcat(string queueId, params string[] options) =>
        Command.Run(Tool("postcat"), ["-c", Etc, .. options, "-q", queueId]).EnsureSuccess("postcat " + queueId).Output;

    /// <summary>Files written by smtp-sink that contain <paramref name="marker"/>.</summary>
    public IReadOnlyList<string> SinkMessagesContaining(string marker) =>
        Directory.GetFiles(SinkDirectory)
            .Select(File.ReadAllText)
            .Where(text => text.Contains(marker, StringComparison.Ordinal))
            .ToList();

    /// <summary>The messages delivered to a local mailbox (Maildir new/ and cur/), oldest first.</summary>
    public IReadOnlyList<string> MailboxMessages(string mailbox)
    {
        var maildir = Path.Combine(MailDirectory, mailbox);
        return new[] { "new", "cur" }
            .Select(sub => Path.Combine(maildir, sub))
            .Where(Directory.Exists)
            .SelectMany(Directory.GetFiles)
            .OrderBy(File.GetLastWriteTimeUtc)
            .Select(File.ReadAllText)
            .ToList();
    }

    /// <summary>Waits until Postfix deferred <paramref name="recipient"/> because TLS could not be used.</summary>
    public QueueEntry WaitForTlsDeferral(string recipient) =>
        Poll.Until(
            () => QueuedFor(recipient) is { } e && e.DelayReasonOf(recipient).Contains("TLS is required, but was not offered", StringComparison.Ordinal) ? e : null,
            TimeSpan.FromSeconds(60),
            () => $"{recipient} was not deferred for lack of TLS; queue: {QueuedFor(recipient)}\nmaillog:\n{MailLogText()}\nposttls log:\n{PostTlsLogText()}");

    /// <summary>The release listener's socket (only root and postfix may connect).</summary>
    public string ReleaseSocket => Path.Combine(QueueDirectory, "private", "posttls-release");

    /// <summary>Loads posttls.conf as the commands do.</summary>
    internal PostTls.Configuration.PostTlsSettings Settings() => PostTls.Configuration.SettingsLoader.Load(ConfigFile);

    public string MailLogText() => File.Exists(MailLog) ? File.ReadAllText(MailLog) : "";

    public string PostTlsLogText() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

    /// <summary>
    /// Waits for a line in posttls's own log. The filter writes its line after the listener's
    /// 250 and QUIT, so Postfix may already have queued and deferred the copy before it lands.
    /// </summary>
    public void WaitForPostTlsLog(string text) =>
        Poll.Until(() => PostTlsLogText().Contains(text, StringComparison.Ordinal), TimeSpan.FromSeconds(10),
            () => $"posttls log never said \"{text}\":\n{PostTlsLogText()}");

    public void Dispose()
    {
        if (_postfixStarted)
        {
            Command.Run(Tool("postfix"), "-c", Etc, "stop");
        }

        if (_sink is { HasExited: false })
        {
            _sink.Kill();
            _sink.WaitForExit();
        }

        _sink?.Dispose();
        if (_utf8Sink is { HasExited: false })
        {
            _utf8Sink.Kill();
            _utf8Sink.WaitForExit();
        }

        _utf8Sink?.Dispose();
        _auth.Dispose();
        _alternateDirectory?.Dispose();
        if (Environment.GetEnvironmentVariable("POSTTLS_KEEP_TESTBED") != "1")
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private static void RequirePrerequisites()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException("the Postfix integration tests must run as root (sudo ./test.sh)");
        }

        _ = PostfixRoot.Directory; // a root's commands go first on PATH before any is looked up

        foreach (var program in new[] { "postfix", "postconf", "postqueue", "postcat", "postsuper", "sendmail", "smtp-sink", "runuser", "useradd", "flock" })
        {
            if (Command.Find(program) is null)
            {
                throw new InvalidOperationException(
                    $"{program} is missing: Postfix is not installed. Run the test command, sudo ./test.sh, which installs it, or: apt-get install postfix postfix-pcre");
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void WaitForListener(int port) =>
        Poll.Until(() =>
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(20), () => $"nothing listens on 127.0.0.1:{port}; see {MailLog}:\n{MailLogText()}");
}
