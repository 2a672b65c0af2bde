using PostTls.Check;
using static PostTls.Check.Severity;

namespace PostTls.Tests.Check;

/// <summary>
/// Who reaches the action addresses without a login. The first row is the old
/// posttls-actions.pcre (permit_mynetworks): with an inbound filtering gateway in mynetworks,
/// anyone on the internet could act on a forwarded notice.
/// </summary>
public sealed class ActionAccessCheckTests
{
    private const string Actions = "/etc/postfix/posttls-actions.pcre";
    private const string Gateway = "127.0.0.0/8 [::1]/128 192.0.2.10/32 198.51.100.0/24";

    private static readonly CheckCase[] Cases =
    [
        new("old table, gateway in mynetworks", s =>
            {
                s.System.Texts[Actions] = "/^posttls-(send|delete)-/ permit_mynetworks, permit_sasl_authenticated, reject\n";
                s.Postfix.Main["mynetworks"] = Gateway;
            },
            Warning, "pcre:/etc/postfix/posttls-actions.pcre lets mynetworks (198.51.100.0/24) send to the action addresses without a login"),
        new("old table, mynetworks only this machine", s =>
            s.System.Texts[Actions] = "/^posttls-(send|delete)-/ permit_mynetworks, permit_sasl_authenticated, reject\n"),
        new("snippets, gateway in mynetworks", s => s.Postfix.Main["mynetworks"] = Gateway),
        new("permit_mynetworks before the table", s =>
            {
                s.Postfix.Main["smtpd_recipient_restrictions"] = "permit_mynetworks, check_recipient_access pcre:/etc/postfix/posttls-actions.pcre, reject_unauth_destination";
                s.Postfix.Main["mynetworks"] = Gateway;
            },
            Warning, "smtpd_recipient_restrictions lets mynetworks (198.51.100.0/24) reach the action addresses before pcre:/etc/postfix/posttls-actions.pcre is asked"),
        new("loopback table opened to a network", s => s.System.Texts["/etc/postfix/posttls-loopback.cidr"] += "198.51.100.0/24 OK\n",
            Warning, "lets 198.51.100.0/24 (cidr:/etc/postfix/posttls-loopback.cidr) send to the action addresses without a login"),
        new("loopback table with this machine's address", s => s.System.Texts["/etc/postfix/posttls-loopback.cidr"] += "192.0.2.10 OK\n198.51.100.0/24 REJECT\n"),
        new("client table of another type", s =>
                s.Postfix.Main["posttls_decision_clients"] = "permit_sasl_authenticated, check_client_access hash:/etc/postfix/clients, reject",
            Warning, "lets the clients hash:/etc/postfix/clients permits (only cidr tables can be checked)"),
        new("entry that permits everyone first", s => s.Postfix.Main["posttls_decision_clients"] = "permit_auth_destination, reject",
            Warning, "lets every client (permit_auth_destination) send to the action addresses"),
        new("entry with the restrictions inline, no class", s =>
            {
                s.System.Texts[Actions] = "/^posttls-(send|delete)-/ permit_sasl_authenticated, permit_inet_interfaces, reject\n";
                s.Postfix.Main["smtpd_restriction_classes"] = "";
            }),
        new("port 25 with its own open restrictions", s =>
            {
                s.Postfix.Override("smtp", "inet", "smtpd_recipient_restrictions", "permit_mynetworks, check_recipient_access pcre:/etc/postfix/posttls-actions.pcre, reject");
                s.Postfix.Main["mynetworks"] = Gateway;
            },
            Warning, "smtp/inet's smtpd_recipient_restrictions lets mynetworks (198.51.100.0/24) reach the action addresses"),
    ];

    public static TheoryData<string> Names => CheckCase.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Run(string name) => CheckCase.Verify(Cases, name, new ActionAccessCheck(), CheckArea.Routing);
}
