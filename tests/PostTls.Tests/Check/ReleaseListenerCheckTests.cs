using PostTls.Check;
using static PostTls.Check.Severity;

namespace PostTls.Tests.Check;

public sealed class ReleaseListenerCheckTests
{
    private const string Release = "posttls-release";
    private const string Cleanup = "posttls-release-cleanup";

    private static readonly CheckCase[] Cases =
    [
        new("private y", s => s.ReplaceService(Listener(privateColumn: "y"))),
        new("missing", s => s.Postfix.Remove(Release, "unix"),
            Error, "master.cf has no posttls-release service (release_service)"),
        new("another release_service", s => s.ConfigText = "release_service = other-release\n",
            Error, "master.cf has no other-release service"),
        new("inet", s => { s.Postfix.Remove(Release, "unix"); s.ReplaceService(Listener(type: "inet")); },
            Error, "posttls-release/inet is of type inet, not a unix socket"),
        new("public socket", s => s.ReplaceService(Listener(privateColumn: "n")),
            Error, "posttls-release/unix has private = n: its socket is in public/"),
        new("not smtpd", s => s.ReplaceService("posttls-release unix - - n - - qmqpd"),
            Error, "posttls-release/unix runs qmqpd, not smtpd"),
        new("content filter", s => s.Postfix.Override(Release, "unix", "content_filter", "posttls-filter:dummy"),
            Error, "runs with content_filter = posttls-filter:dummy"),
        new("main.cf content filter not overridden", s =>
            {
                s.Postfix.Main["content_filter"] = "amavis:[127.0.0.1]:10024";
                s.Postfix.Override(Release, "unix", "content_filter", null);
            },
            Error, "runs with content_filter = amavis:[127.0.0.1]:10024"),
        new("main.cf content filter overridden", s => s.Postfix.Main["content_filter"] = "amavis:[127.0.0.1]:10024"),
        new("milters", s =>
            {
                s.Postfix.Main["smtpd_milters"] = "inet:127.0.0.1:8891";
                s.Postfix.Override(Release, "unix", "smtpd_milters", null);
            },
            Error, "runs with smtpd_milters = inet:127.0.0.1:8891"),
        new("shared cleanup", s => s.Postfix.Override(Release, "unix", "cleanup_service_name", null),
            Error, "uses the shared cleanup service \"cleanup\""),
        new("cleanup missing", s => s.Postfix.Remove(Cleanup, "unix"),
            Error, "names cleanup_service_name = posttls-release-cleanup, but master.cf has no such cleanup service"),
        new("cleanup table missing", s => s.System.Remove("/etc/postfix/posttls-release.pcre"),
            Error, "header_checks names pcre:/etc/postfix/posttls-release.pcre, which does not exist"),
        new("cleanup without header_checks", s => s.Postfix.Override(Cleanup, "unix", "header_checks", null),
            Error, "header_checks (none) has no rule turning X-PostTLS-Release into FILTER"),
        new("cleanup table without FILTER", s => s.System.Texts["/etc/postfix/posttls-release.pcre"] = "/^X-PostTLS-Release:/ IGNORE\n",
            Error, "has no rule turning X-PostTLS-Release into FILTER"),
        new("cleanup shared with port 25", s => s.Postfix.Override("smtp", "inet", "cleanup_service_name", Cleanup),
            Error, "smtp/inet also uses posttls-release-cleanup"),
        new("FILTER rule in main.cf header_checks", s => s.Postfix.Main["header_checks"] = "pcre:/etc/postfix/posttls-release.pcre",
            Error, "main.cf header_checks (pcre:/etc/postfix/posttls-release.pcre) routes X-PostTLS-Release"),
        new("milters on the cleanup", s => s.Postfix.Override(Cleanup, "unix", "non_smtpd_milters", "inet:127.0.0.1:8891"),
            Warning, "posttls-release-cleanup/unix runs with non_smtpd_milters"),
    ];

    public static TheoryData<string> Names => CheckCase.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Run(string name) => CheckCase.Verify(Cases, name, new ReleaseListenerCheck(), CheckArea.Release);

    private static string Listener(string type = "unix", string privateColumn = "-") =>
        $"posttls-release {type} {privateColumn} - n - - smtpd -o content_filter= -o cleanup_service_name={Cleanup} -o smtpd_milters=";
}
