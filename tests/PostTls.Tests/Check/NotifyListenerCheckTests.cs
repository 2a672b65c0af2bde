using PostTls.Check;
using static PostTls.Check.Severity;

namespace PostTls.Tests.Check;

public sealed class NotifyListenerCheckTests
{
    private static readonly CheckCase[] Cases =
    [
        new("as the snippets say", _ => { }),
        new("sendmail for notices: nothing to check", s =>
            {
                s.ConfigText = "notify_service =\n";
                s.Postfix.Remove("posttls-notify", "unix");
            }),
        new("no listener", s => s.Postfix.Remove("posttls-notify", "unix"),
            Error, "master.cf has no posttls-notify unix smtpd service (notify_service): no notice, confirmation or alert can be sent"),
        new("public socket", s => s.ReplaceService("posttls-notify unix n - n - - smtpd -o content_filter="),
            Error, "posttls-notify/unix has private = n: its socket is in public/"),
        new("filtered", s => s.Postfix.Override("posttls-notify", "unix", "content_filter", "posttls-filter:dummy"),
            Warning, "posttls-notify/unix runs with content_filter = posttls-filter:dummy"),
    ];

    public static TheoryData<string> Names => CheckCase.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Run(string name) => CheckCase.Verify(Cases, name, new NotifyListenerCheck(), CheckArea.Alerts);
}
