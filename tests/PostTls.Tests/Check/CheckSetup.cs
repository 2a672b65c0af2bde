using PostTls.Check;
using PostTls.Configuration;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Check;

/// <summary>
/// A complete, correct installation in fakes, wired from the files in postfix-snippets/
/// exactly as the README says: run every check on it and nothing is found. Tests break one
/// thing and look for the finding.
/// </summary>
internal sealed class CheckSetup
{
    public const string ConfigFile = "/etc/posttls/posttls.conf";
    public const string Binary = "/usr/local/bin/posttls";
    public const string KeyFile = "/etc/posttls/secret.key";
    public const string DataDirectory = "/var/lib/posttls";
    public const string Database = DataDirectory + "/posttls.db";
    public const string SpoolDirectory = "/var/spool/posttls";
    public const string DoneDirectory = SpoolDirectory + "/done";
    public const string CronFile = "/etc/cron.d/posttls";
    public const string TimerLink = "/etc/systemd/system/timers.target.wants/posttls-sweep.timer";
    public const string Hostname = "mail.example.com";
    public const string ReinjectHeloTable = "/etc/postfix/posttls-reinject-helo";

    /// <summary>The fake secret key's bytes.</summary>
    public static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private const uint Root = 0;
    private const uint Posttls = FakeSystem.PosttlsId;

    public CheckSetup()
    {
        Postfix = new FakePostfix(System);
        Postfix.AddMasterCf("""
            smtp      inet  n       -       y       -       -       smtpd
            pickup    unix  n       -       y       60      1       pickup
            cleanup   unix  n       -       y       -       0       cleanup
            smtp      unix  -       -       y       -       -       smtp
            relay     unix  -       -       y       -       -       smtp
                -o syslog_name=postfix/$service_name
            lmtp      unix  -       -       y       -       -       lmtp
            local     unix  -       n       n       -       -       local
            """);
        Postfix.AddMasterCf(Snippet("master.cf"));
        foreach (var (name, value) in new Dictionary<string, string>
        {
            ["smtp_tls_security_level"] = "encrypt",
            ["smtp_enforce_tls"] = "no",
            ["smtp_use_tls"] = "no",
            ["smtp_tls_enforce_peername"] = "yes",
            ["smtp_tls_policy_maps"] = "",
            ["default_transport"] = "smtp",
            ["relay_transport"] = "relay",
            ["content_filter"] = "",
            ["smtpd_milters"] = "",
            ["non_smtpd_milters"] = "",
            ["header_checks"] = "",
            ["smtp_header_checks"] = "pcre:/etc/postfix/posttls-strip.pcre",
            ["lmtp_header_checks"] = "pcre:/etc/postfix/posttls-strip.pcre",
            ["smtpd_recipient_restrictions"] = "check_recipient_access pcre:/etc/postfix/posttls-actions.pcre, permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination",
            ["transport_maps"] = "pcre:/etc/postfix/posttls-transport.pcre, hash:/etc/postfix/transport",
            ["myhostname"] = Hostname,
            ["mydestination"] = "localhost.example.com, localhost",
            ["local_recipient_maps"] = "proxy:unix:passwd.byname hash:/etc/aliases",
            ["smtpd_recipient_limit"] = "1000",
            ["mynetworks"] = "127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128 192.0.2.10/32",
            ["smtpd_restriction_classes"] = "posttls_decision_clients",
            ["posttls_decision_clients"] = "permit_sasl_authenticated, check_client_access cidr:/etc/postfix/posttls-loopback.cidr, reject",
            ["smtpd_sender_login_maps"] = "pcre:/etc/postfix/posttls-sender-login.pcre",
            ["smtpd_sender_restrictions"] = "",
            ["smtpd_relay_restrictions"] = "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination",
            ["cleanup_service_name"] = "cleanup",
            ["posttls-filter_destination_recipient_limit"] = "1000",
            ["posttls-filter_time_limit"] = "1000s",
            ["posttls-decide_destination_recipient_limit"] = "1",
            ["posttls-decide_time_limit"] = "1000s",
            ["local_login_sender_maps"] = "inline:{ root=*, postfix=*, posttls=* }, pcre:/etc/postfix/local-senders.pcre",
        })
        {
            Postfix.Main[name] = value;
        }

        foreach (var directory in new[] { "/etc", "/etc/postfix", "/etc/posttls", "/usr", "/usr/local", "/usr/local/bin", "/var", "/var/lib", "/var/spool", "/etc/cron.d" })
        {
            System.AddDirectory(directory, Root, Root, 0b111_101_101);
        }

        foreach (var table in new[] { "posttls-actions.pcre", "posttls-release.pcre", "posttls-strip.pcre", "posttls-transport.pcre", "posttls-loopback.cidr", "posttls-sender-login.pcre", "posttls-reinject-received.pcre" })
        {
            System.AddFile("/etc/postfix/" + table, Root, Root, 0b110_100_100, Snippet(table));
        }

        System.AddFile("/etc/postfix/transport", Root, Root, 0b110_100_100, "");
        System.AddFile(Binary, Root, Root, 0b111_101_101, 40_000_000);
        System.AddFile(ConfigFile, Root, Root, 0b110_100_100, "");
        System.AddFile(KeyFile, Root, Posttls, 0b110_100_000, Key);
        System.AddFile(ReinjectHeloTable, Root, Root, 0b110_000_000, PostTls.Tagging.ReinjectHelo.Table(Key));
        System.AddDirectory(DataDirectory, Root, Root, 0b111_000_000);
        System.AddFile(Database, Root, Root, 0b110_000_000, 69632);
        System.AddDirectory(SpoolDirectory, Posttls, Posttls, 0b111_000_000);
        System.AddDirectory(DoneDirectory, Root, Root, 0b111_101_101);
        System.AddFile(CronFile, Root, Root, 0b110_100_100, Snippet("cron.d-posttls"));
    }

    public FakeSystem System { get; } = new();

    public FakePostfix Postfix { get; }

    /// <summary>posttls.conf's text (all defaults when empty).</summary>
    public string ConfigText { get; set; } = "";

    public CheckOptions Options { get; set; } = new(CronFile, TimerLink, CheckOptions.DefaultTimerUnit);

    public PostTlsSettings Settings => SettingsLoader.FromText(ConfigFile, ConfigText);

    public static string Snippet(string name) => File.ReadAllText(RepositoryFiles.Path("postfix-snippets", name));

    /// <summary>Every check, as posttls check runs them.</summary>
    public IReadOnlyList<Finding> Run() => CheckRunner.Run(Settings, Postfix, System, Options);

    /// <summary>One check.</summary>
    public IReadOnlyList<Finding> Run(ICheck check) =>
        check.Run(new CheckContext(Settings, PostfixSnapshot.Load(Postfix), Postfix, System, Options)).ToList();

    /// <summary>Replaces a master.cf entry (the new text names it).</summary>
    public void ReplaceService(string masterCfText) => Postfix.AddMasterCf(masterCfText);
}
