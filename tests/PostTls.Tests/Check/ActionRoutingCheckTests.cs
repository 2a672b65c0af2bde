using PostTls.Check;
using static PostTls.Check.Severity;

namespace PostTls.Tests.Check;

public sealed class ActionRoutingCheckTests
{
    private const string Actions = "check_recipient_access pcre:/etc/postfix/posttls-actions.pcre";

    private static readonly CheckCase[] Cases =
    [
        new("dedicated action domain in the transport map", s =>
            {
                s.ConfigText = "action_domain = posttls.example.com\n";
                s.System.Texts["/etc/postfix/transport"] = "posttls.example.com posttls-decide:\n";
            }),
        new("no transport_maps", s => s.Postfix.Main["transport_maps"] = "",
            Error, "is not routed to posttls-decide: transport_maps (none) has no entry for posttls-send-"),
        new("pcre for another host name", s => s.Postfix.Main["myhostname"] = "mx.example.com",
            Error, "mail to the action addresses (posttls-...@mx.example.com) is not routed to posttls-decide: pcre:/etc/postfix/posttls-transport.pcre routes posttls-...@mail.example.com, but the action domain is mx.example.com (Postfix's myhostname)"),
        new("pcre written with the short host name", s => s.System.Texts["/etc/postfix/posttls-transport.pcre"] =
                CheckSetup.Snippet("posttls-transport.pcre").Replace("mail\\.example\\.com", "debian", StringComparison.Ordinal),
            Error, "pcre:/etc/postfix/posttls-transport.pcre routes posttls-...@debian, but the action domain is mail.example.com"),
        new("dedicated domain without its entry", s => s.ConfigText = "action_domain = posttls.example.com\n",
            Error, "(posttls-...@posttls.example.com) is not routed to posttls-decide"),
        new("dedicated domain routed elsewhere", s =>
            {
                s.ConfigText = "action_domain = posttls.example.com\n";
                s.System.Texts["/etc/postfix/transport"] = ".example.com smtp:[relay.example.com]\n";
            },
            Error, "goes to smtp, not posttls-decide: hash:/etc/postfix/transport answers \"smtp:[relay.example.com]\""),
        new("only send addresses routed", s => s.System.Texts["/etc/postfix/posttls-transport.pcre"] =
                "/^posttls-send-[a-z2-7]{16}-[0-9]+-[a-z2-7]{16}@mail\\.example\\.com$/ posttls-decide:\n",
            Error, "has no entry for posttls-delete-"),
        new("action domain in mydestination", s => s.Postfix.Main["mydestination"] = "mail.example.com, localhost",
            Error, "mail.example.com is in mydestination, so smtpd rejects the action addresses as unknown local users"),
        new("action domain in mydestination, known local recipients", s =>
            {
                s.Postfix.Main["mydestination"] = "mail.example.com, localhost";
                s.Postfix.Main["local_recipient_maps"] = "proxy:unix:passwd.byname pcre:/etc/postfix/posttls-transport.pcre";
            }),
        new("action domain in mydestination, no recipient check", s =>
            {
                s.Postfix.Main["mydestination"] = "mail.example.com, localhost";
                s.Postfix.Main["local_recipient_maps"] = "";
            }),
        new("no port-25 protection", s => s.Postfix.Main["smtpd_recipient_restrictions"] = "permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination",
            Error, "smtpd_recipient_restrictions has no check_recipient_access table for the posttls- action addresses"),
        new("protection table missing", s => s.System.Remove("/etc/postfix/posttls-actions.pcre"),
            Error, "smtpd_recipient_restrictions names pcre:/etc/postfix/posttls-actions.pcre, which does not exist", Only: false),
        new("protection table without a reject", s => s.System.Texts["/etc/postfix/posttls-actions.pcre"] = "/^posttls-(send|delete)-/ OK\n",
            Error, "has no check_recipient_access table for the posttls- action addresses"),
        new("protection after a permit", s => s.Postfix.Main["smtpd_recipient_restrictions"] = $"permit_auth_destination, {Actions}, reject",
            Warning, "is not first in smtpd_recipient_restrictions"),
        new("protection after permit_mynetworks", s => s.Postfix.Main["smtpd_recipient_restrictions"] = $"permit_mynetworks, {Actions}, reject_unauth_destination"),
        new("port 25 with its own restrictions", s => s.Postfix.Override("smtp", "inet", "smtpd_recipient_restrictions", "permit_mynetworks, reject_unauth_destination"),
            Warning, "smtp/inet has its own smtpd_recipient_restrictions without the check_recipient_access table"),
        new("port 25 with its own protected restrictions", s => s.Postfix.Override("smtp", "inet", "smtpd_recipient_restrictions", $"{Actions}, reject_unauth_destination")),
    ];

    public static TheoryData<string> Names => CheckCase.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Run(string name) => CheckCase.Verify(Cases, name, new ActionRoutingCheck(), CheckArea.Routing);

    [Fact]
    public void Sample_MatchesTheTransportSnippet()
    {
        var pattern = CheckSetup.Snippet("posttls-transport.pcre").Split('\n').Single(l => l.StartsWith('/'));
        var regex = pattern[1..pattern.LastIndexOf('/')];

        foreach (var action in new[] { PostTls.Tagging.SenderAction.Release, PostTls.Tagging.SenderAction.Delete })
        {
            Assert.Matches(regex, ActionRoutingCheck.Sample(action, "mail.example.com"));
        }
    }
}
