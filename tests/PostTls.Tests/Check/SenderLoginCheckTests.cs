using PostTls.Check;
using static PostTls.Check.Severity;

namespace PostTls.Tests.Check;

/// <summary>Each login sends only as its own addresses on submission, and decide gets the login and can read the map it is checked against.</summary>
public sealed class SenderLoginCheckTests
{
    private const uint Root = 0;
    private const string LoginMap = "/etc/postfix/posttls-sender-login.pcre";

    private static readonly CheckCase[] DecideCases =
    [
        new("decide without the login", s => s.ReplaceService("""
            posttls-decide unix - n n - - pipe
              flags=q user=posttls argv=/usr/local/bin/posttls decide -f ${sender} -- ${recipient}
            """),
            Warning, "posttls-decide/unix does not pass the login to posttls decide"),
        new("map unreadable for posttls", s => s.System.Change(LoginMap, 0b110_000_000),
            Warning, "user posttls cannot read /etc/postfix/posttls-sender-login.pcre (mode 0600)"),
        new("hash map, its database unreadable", s =>
            {
                s.Postfix.Main["smtpd_sender_login_maps"] = "hash:/etc/postfix/senders";
                s.System.AddFile("/etc/postfix/senders.db", Root, Root, 0b110_000_000, 12288);
            },
            Warning, "user posttls cannot read /etc/postfix/senders.db (mode 0600)"),
        new("proxy map, readable underneath", s =>
            {
                s.Postfix.Main["smtpd_sender_login_maps"] = "proxy:hash:/etc/postfix/senders";
                s.System.AddFile("/etc/postfix/senders.db", Root, Root, 0b110_100_100, 12288);
            }),
        new("mysql map, its configuration root's alone", s =>
            {
                s.Postfix.Main["smtpd_sender_login_maps"] = "mysql:/etc/postfix/mysql-senders.cf";
                s.System.AddFile("/etc/postfix/mysql-senders.cf", Root, Root, 0b110_100_000, 200);
            },
            Warning, "user posttls cannot read /etc/postfix/mysql-senders.cf (mode 0640)"),
    ];

    private static readonly CheckCase[] SubmissionCases =
    [
        new("submission without login-mismatch restriction", s => s.Postfix.Override("submission", "inet", "smtpd_sender_restrictions", null),
            Warning, "submission/inet lets a logged-in user send as any address (no login-mismatch restriction)"),
        new("mismatch restriction among the recipient restrictions", s =>
            {
                s.Postfix.Override("submission", "inet", "smtpd_sender_restrictions", null);
                s.Postfix.Override("submission", "inet", "smtpd_recipient_restrictions", "reject_sender_login_mismatch, permit_sasl_authenticated, reject");
            }),
        new("no sender login maps", s => s.Postfix.Main["smtpd_sender_login_maps"] = "",
            Warning, "lets a logged-in user send as any address (smtpd_sender_login_maps is empty)", Only: false),
        new("submission with its own maps", s => s.Postfix.Override("submission", "inet", "smtpd_sender_login_maps", "hash:/etc/postfix/senders"),
            Warning, "submission/inet has its own smtpd_sender_login_maps (hash:/etc/postfix/senders), but posttls decide checks logins against main.cf's"),
    ];

    public static TheoryData<string> DecideNames => CheckCase.Names(DecideCases);

    public static TheoryData<string> SubmissionNames => CheckCase.Names(SubmissionCases);

    [Theory]
    [MemberData(nameof(DecideNames))]
    public void Decide(string name) => CheckCase.Verify(DecideCases, name, new SenderLoginCheck(), CheckArea.Decide);

    [Theory]
    [MemberData(nameof(SubmissionNames))]
    public void Submission(string name) => CheckCase.Verify(SubmissionCases, name, new SenderLoginCheck(), CheckArea.Submission);
}
