using PostTls.Check;
using static PostTls.Check.Severity;

namespace PostTls.Tests.Check;

public sealed class InsecureTransportCheckTests
{
    private const string Insecure = "smtp-insecure";

    private static readonly CheckCase[] Cases =
    [
        new("missing", s => s.Postfix.Remove(Insecure, "unix"),
            Error, "master.cf has no smtp-insecure smtp service"),
        new("mandatory TLS", s => s.Postfix.Override(Insecure, "unix", "smtp_tls_security_level", null),
            Error, "smtp-insecure/unix runs with smtp_tls_security_level = encrypt: released copies would still need TLS"),
        new("no TLS at all", s => s.Postfix.Override(Insecure, "unix", "smtp_tls_security_level", "none"),
            Warning, "released copies never use TLS"),
        new("policy maps", s => s.Postfix.Override(Insecure, "unix", "smtp_tls_policy_maps", "hash:/etc/postfix/tls_policy"),
            Warning, "smtp-insecure/unix runs with smtp_tls_policy_maps = hash:/etc/postfix/tls_policy"),
        new("strip table missing", s => s.System.Remove("/etc/postfix/posttls-strip.pcre"),
            Error, "smtp_header_checks names pcre:/etc/postfix/posttls-strip.pcre, which does not exist"),
        new("no smtp_header_checks", s =>
            {
                s.Postfix.Override(Insecure, "unix", "smtp_header_checks", null);
                s.Postfix.Main["smtp_header_checks"] = "";
            },
            Error, "smtp_header_checks (none) does not remove X-PostTLS-Release"),
        new("no -o smtp_header_checks, main.cf's strips", s => s.Postfix.Override(Insecure, "unix", "smtp_header_checks", null)),
        new("strip table without IGNORE", s => s.System.Texts["/etc/postfix/posttls-strip.pcre"] = "/^X-PostTLS-Release:/ WARN\n",
            Error, "does not remove X-PostTLS-Release"),
        new("FILTER to another transport that exists", s =>
            {
                s.System.Texts["/etc/postfix/posttls-release.pcre"] = "/^X-PostTLS-Release:\\s*(\\S+)$/ FILTER plain-out:$1\n";
                s.ReplaceService("plain-out unix - - n - - smtp -o smtp_tls_security_level=may -o smtp_header_checks=pcre:/etc/postfix/posttls-strip.pcre");
            }),
        new("FILTER to a transport that does not exist", s => s.System.Texts["/etc/postfix/posttls-release.pcre"] = "/^X-PostTLS-Release:\\s*(\\S+)$/ FILTER plain-out:$1\n",
            Error, "master.cf has no plain-out smtp service"),
    ];

    public static TheoryData<string> Names => CheckCase.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Run(string name) => CheckCase.Verify(Cases, name, new InsecureTransportCheck(), CheckArea.Release);
}
