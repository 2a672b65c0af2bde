using PostTls.Check;
using static PostTls.Check.Severity;

namespace PostTls.Tests.Check;

public sealed class ReleaseNextHopCheckTests
{
    private const string Pcre = "/etc/postfix/posttls-release.pcre";
    private const string Transport = "/etc/postfix/transport";

    /// <summary>posttls-release.pcre as it was before next-hop lists, "_" and the REJECT rule.</summary>
    private const string OldPcre = "/^X-PostTLS-Release:\\s*([][A-Za-z0-9.:-]+)\\s*$/ FILTER smtp-insecure:$1\n";

    private static readonly CheckCase[] Cases =
    [
        new("relayhost list", s => s.Postfix.Main["relayhost"] = "[mx1.example.com]:587, [mx2.example.com]:587"),
        new("relayhost with _", s => s.Postfix.Main["relayhost"] = "[relay_1.example.com]:2525"),
        new("relayhost international", s => s.Postfix.Main["relayhost"] = "[mail.bücher.example]"),
        new("relayhost international, not convertible", s => s.Postfix.Main["relayhost"] = "[mail.\u05D3\u05D5\u05D2\u05DE\u05D4.example]",
            Warning, "relayhost names the next hop \"[mail.\u05D3\u05D5\u05D2\u05DE\u05D4.example]\", which posttls apply cannot route a released copy to (the international name"),
        new("default_transport port unusable", s => s.Postfix.Main["default_transport"] = "smtp:[relay.example.com]:sub_mission",
            Warning, "default_transport = smtp:[relay.example.com]:sub_mission names the next hop \"[relay.example.com]:sub_mission\""),
        new("relay_transport next hop", s => s.Postfix.Main["relay_transport"] = "relay:[ipv6:2001:db8::1]:25"),
        new("default_transport error", s => s.Postfix.Main["default_transport"] = "error:5.7.1 no outbound mail"),
        new("transport entries of every form", s => s.System.Texts[Transport] = """
            # comment
            a.example      smtp:[mx1.a.example]:587,
                [mx2.a.example]:587
            b.example      relay:b_relay.example:2525
            c.example      :[192.0.2.1]
            d.example      smtp:
            e.example      local:
            f.example      lmtp:unix:private/dovecot-lmtp
            g.example      error:5.1.1 gone
            """),
        new("transport entry not convertible", s => s.System.Texts[Transport] = "partner.example smtp:[mx.\u05D3\u05D5\u05D2\u05DE\u05D4.example]:25\n",
            Warning, "transport_maps hash:/etc/postfix/transport entry \"partner.example smtp:[mx."),
        new("pcre transport entries", s =>
            {
                s.Postfix.Main["transport_maps"] = "pcre:/etc/postfix/posttls-transport.pcre, pcre:/etc/postfix/t.pcre";
                s.System.AddFile("/etc/postfix/t.pcre", 0, 0, 0b110_100_100, "if /example/\n/^(.*)@x\\.example$/ smtp:[$1.relay]\n/@y\\.example$/i smtp:[bad/hop]\nendif\n");
            },
            Warning, "transport_maps pcre:/etc/postfix/t.pcre entry \"/@y\\.example$/i smtp:[bad/hop]\" names the next hop \"[bad/hop]\""),
        new("old release pcre", s => s.System.Texts[Pcre] = OldPcre,
            Error, "posttls-release-cleanup/unix header_checks (pcre:/etc/postfix/posttls-release.pcre) does not turn \"X-PostTLS-Release: [relay_1.example.com]:submission\" into FILTER smtp-insecure:[relay_1.example.com]:submission (it answers nothing)", Only: false),
        new("old release pcre rejects nothing", s => s.System.Texts[Pcre] = OldPcre,
            Warning, "does not reject a routing header it cannot route", Only: false),
        new("configured list, pcre without lists", s =>
            {
                s.Postfix.Main["relayhost"] = "[mx1.example.com]:587 [mx2.example.com]:587";
                s.System.Texts[Pcre] = "/^X-PostTLS-Release:\\s*([][A-Za-z0-9._:-]+)\\s*$/ FILTER smtp-insecure:$1\n/^X-PostTLS-Release:/ REJECT no\n";
            },
            Error, "does not turn \"X-PostTLS-Release: [mx1.example.com]:587,[mx2.example.com]:587\" into FILTER"),
        new("pcre routes somewhere else", s => s.System.Texts[Pcre] = "/^X-PostTLS-Release:\\s*(\\S+)$/ FILTER smtp-insecure:[fixed.example]\n/^X-PostTLS-Release:/ REJECT no\n",
            Error, "(it answers \"FILTER smtp-insecure:[fixed.example]\")"),
        new("pcre routes to another insecure transport", s =>
            {
                s.System.Texts[Pcre] = "/^X-PostTLS-Release:[ \\t]*([][A-Za-z0-9._:,-]+)[ \\t]*$/ FILTER plain-out:$1\n/^X-PostTLS-Release:/ REJECT 5.7.1 no\n";
                s.ReplaceService("plain-out unix - - n - - smtp -o smtp_tls_security_level=may -o smtp_header_checks=pcre:/etc/postfix/posttls-strip.pcre");
            }),
    ];

    public static TheoryData<string> Names => CheckCase.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Run(string name) => CheckCase.Verify(Cases, name, new ReleaseNextHopCheck(), CheckArea.Release);
}
