namespace PostTls.IntegrationTests.TestBed;

/// <summary>The files of the test bed's instance: posttls.conf, main.cf, master.cf and the tables, from postfix-snippets/.</summary>
public sealed partial class PostfixTestBed
{
    /// <summary>root's, mode 0644 whatever the umask, in root's directories: posttls refuses a file others could change.</summary>
    private void WriteConfig(string text)
    {
        File.WriteAllText(ConfigFile, text);
        File.SetUnixFileMode(ConfigFile, (UnixFileMode)0b110_100_100);
    }

    private void WritePostfixConfiguration()
    {
        File.WriteAllText(Path.Combine(Etc, "main.cf"), $"""
            {File.ReadAllText(RepositoryFiles.Path("tests", "testbed", "base-main.cf"))}
            queue_directory = {QueueDirectory}
            data_directory = {Root}/data
            maillog_file = {MailLog}
            maillog_file_prefixes = /var, /dev/stdout, {Root}
            transport_maps = texthash:{Etc}/transport
            virtual_mailbox_base = {MailDirectory}
            virtual_mailbox_maps = texthash:{Etc}/vmailbox, pcre:{Etc}/vmailbox.pcre
            virtual_uid_maps = static:{NobodyId("-u")}
            virtual_gid_maps = static:{NobodyId("-g")}
            smtpd_sasl_type = dovecot
            smtpd_sasl_path = inet:127.0.0.1:{_auth.Port}
            # Local senders as a server with shell users should have them (README, Security): here
            # root, nobody for the tests that play a local user naming another sender, and posttls, whose
            # filter reinjects with sendmail the old way (reinject_address empty).
            local_login_sender_maps = {LocalSenders}
            # A domain that is its own next hop is reached on the remote's port.
            smtp_tcp_port = {RemotePort}
            # from postfix-snippets/main.cf:
            {Snippets.UseConfigDirectory(string.Join("\n", Snippets.MainSettings(PostfixVersion)), Etc)}

            """);
        File.WriteAllText(Path.Combine(Etc, "transport"), $"""
            {TlsDomain} smtp:[127.0.0.1]:{SinkPort}
            .{TlsDomain} smtp:[127.0.0.1]:{SinkPort}
            {NeverDomain} smtp:[127.0.0.1]:{SinkPort}
            {LiteralDomain} smtp:[127.0.0.1]:{SinkPort}
            {PlainDomain} plain-smtp:[127.0.0.1]:{SinkPort}
            {ActionDomain} posttls-decide:
            {DownDomain} smtp:[127.0.0.1]:{FreePort()}
            {Utf8Domain} smtp:[127.0.0.1]:{Utf8SinkPort}
            {CertificateDomain} verify-smtp:[127.0.0.1]:{CertificatePort}
            {NextHopRoutes(FreePort())}

            """);
        File.WriteAllLines(Path.Combine(Etc, "vmailbox"), Mailboxes.Append(AdminMailbox).Append(ArchiveMailbox).Select(m => $"{m}@{LocalDomain} {m}/"));
        File.WriteAllLines(Path.Combine(Etc, "vmailbox.pcre"), UnusualMail.MailboxTable());
        foreach (var table in new[] { "posttls-release.pcre", "posttls-strip.pcre", "posttls-actions.pcre", "posttls-loopback.cidr", "posttls-sender-login.pcre", "posttls-reinject-received.pcre" })
        {
            Snippets.CopyTable(table, Etc);
        }

        var services = string.Concat(new[]
            {
                "posttls-filter", Snippets.ReinjectListener, "posttls-reinject-cleanup", "posttls-notify", "posttls-decide",
                "posttls-release", "posttls-release-cleanup", "smtp-insecure",
            }
            .Select(name => Snippets.UseConfigDirectory(Snippets.UseBinary(Snippets.MasterService(name), Binary, ConfigFile), Etc)))
            .Replace(Snippets.ReinjectListener + " ", $"127.0.0.1:{ReinjectPort} ", StringComparison.Ordinal);
        services += UnusualMail.RefusingReleaseService(UnusualMail.RejectingReleaseService, "reject")
            + UnusualMail.RefusingReleaseService(UnusualMail.DeferringReleaseService, "defer");
        File.WriteAllText(Path.Combine(Etc, "master.cf"), $"""
            127.0.0.1:{PlainPort} inet n - n - - smtpd
            127.0.0.1:{SubmissionPort} inet n - n - - smtpd
              -o syslog_name=postfix/submission
              -o smtpd_sasl_auth_enable=yes
              -o smtpd_sender_restrictions={Snippets.SubmissionSenderRestrictions() ?? ""}
              -o content_filter={Snippets.SubmissionContentFilter()}
              -o receive_override_options={Snippets.SubmissionReceiveOverride()}
            127.0.0.1:{SaslPort} inet n - n - - smtpd
              -o syslog_name=postfix/sasl
              -o smtpd_sasl_auth_enable=yes
            127.0.0.1:{GatewayPort} inet n - n - - smtpd
              -o syslog_name=postfix/gateway
              -o smtpd_authorized_xclient_hosts=127.0.0.0/8
              -o mynetworks=127.0.0.0/8,192.0.2.0/24
            {Snippets.WithPickupOptions(File.ReadAllText(RepositoryFiles.Path("tests", "testbed", "base-master.cf")))}
            plain-smtp unix -       -       n       -       -       smtp
              -o smtp_tls_security_level=may
            {RemoteServices()}
            {CertificateServices()}
            {services}
            """);
    }

    private const string LocalSenders = "inline:{ root=*, nobody=*, posttls=* }";

    private static string NobodyId(string which) => Command.Run("id", which, "nobody").EnsureSuccess("id nobody").Output.Trim();

    /// <summary>posttls domains add|remove DOMAIN with the installed binary, as an administrator runs it.</summary>
    public void NeverInsecure(string verb, string domain) =>
        Command.Run(Binary, "domains", verb, domain, "--config", ConfigFile).EnsureSuccess($"domains {verb} {domain}");
}
