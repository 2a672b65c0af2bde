using System.Diagnostics;
using System.Text.RegularExpressions;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// The parts of the test bed for what one odd message or a refusing listener does: mailboxes
/// whose addresses need quotes or SMTPUTF8, a remote that speaks SMTPUTF8 without TLS, and
/// release listeners that refuse every recipient.
/// </summary>
internal static class UnusualMail
{
    /// <summary>Release listeners that refuse every recipient: 5xx (reject) and 4xx (defer), for release_service.</summary>
    public const string RejectingReleaseService = "posttls-release-reject";

    public const string DeferringReleaseService = "posttls-release-defer";

    /// <summary>
    /// Senders whose local parts need quoting or SMTPUTF8, by envelope address (internal form,
    /// as Postfix stores it) and the Maildir directory that receives their mail.
    /// </summary>
    public static readonly (string Address, string Directory)[] Mailboxes =
        [("john doe@" + PostfixTestBed.LocalDomain, "johndoe"), ("jörg.müller@" + PostfixTestBed.LocalDomain, "joerg")];

    /// <summary>
    /// virtual_mailbox_maps lines for <see cref="Mailboxes"/>: a texthash key cannot hold a
    /// space, so a pcre pattern matches the address as Postfix stores it (unquoted).
    /// </summary>
    public static IEnumerable<string> MailboxTable() =>
        Mailboxes.Select(m => $"/^{Regex.Escape(m.Address).Replace("\\ ", " ", StringComparison.Ordinal)}$/ {m.Directory}/");

    /// <summary>tests/testbed/smtputf8-sink.py on 127.0.0.1:<paramref name="port"/>, writing into <paramref name="directory"/>.</summary>
    public static Process StartUtf8Sink(int port, string directory) =>
        Process.Start(new ProcessStartInfo("python3")
        {
            ArgumentList = { RepositoryFiles.Path("tests", "testbed", "smtputf8-sink.py"), $"127.0.0.1:{port}", directory },
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("cannot start smtputf8-sink.py");

    /// <summary>
    /// An smtpd on a private socket like the release listener, but without its cleanup (which
    /// posttls check rightly refuses on any other service) and refusing every recipient with
    /// <paramref name="restriction"/> (reject: 5xx, defer: 4xx).
    /// </summary>
    public static string RefusingReleaseService(string name, string restriction) => $"""
        {name} unix - - n - - smtpd
          -o syslog_name=postfix/{name}
          -o content_filter=
          -o smtpd_relay_restrictions={restriction}
          -o smtpd_recipient_restrictions={restriction}
          -o smtpd_milters=
          -o smtpd_tls_security_level=none
          -o smtpd_sasl_auth_enable=no

        """;
}
