using PostTls.Check;
using static PostTls.Check.Severity;

namespace PostTls.Tests.Check;

public sealed class AlertsCheckTests
{
    private static readonly CheckCase[] Cases =
    [
        new("defaults", _ => { }),
        new("qualified admin_address", s => s.ConfigText = "admin_address = mail-admins@example.com\n"),
        new("quoted admin_address", s => s.ConfigText = "admin_address = \"mail admins\"@example.com\n"),
        new("admin_address in angle brackets", s => s.ConfigText = "admin_address = <postmaster@example.com>\n",
            Error, "admin_address \"<postmaster@example.com>\" is not a mail address"),
        new("release_retry_time below decision_timeout", s => s.ConfigText = "release_retry_time = 1d\ndecision_timeout = 2d\n"),
        new("release_retry_time beyond decision_timeout", s => s.ConfigText = "release_retry_time = 4d\ndecision_timeout = 3d\n",
            Warning, "release_retry_time (4d) is longer than decision_timeout (3d)"),
    ];

    public static TheoryData<string> Names => CheckCase.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Run(string name) => CheckCase.Verify(Cases, name, new AlertsCheck(), CheckArea.Alerts);
}
