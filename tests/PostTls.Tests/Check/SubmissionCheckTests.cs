using PostTls.Check;
using static PostTls.Check.Severity;

namespace PostTls.Tests.Check;

public sealed class SubmissionCheckTests
{
    private const string OldWay = "reinject_address =\n";

    private static readonly CheckCase[] Cases =
    [
        new("only submissions filters", s => s.Postfix.Override("submission", "inet", "content_filter", null)),
        new("no service filters", s =>
            {
                s.Postfix.Override("submission", "inet", "content_filter", null);
                s.Postfix.Override("submissions", "inet", "content_filter", null);
            },
            Warning, "no smtpd service passes mail to posttls-filter"),
        new("filter under another name", s =>
            {
                s.Postfix.Remove("posttls-filter", "unix");
                s.ReplaceService("tagger unix - n n - 10 pipe flags=Rq user=posttls null_sender= argv=/usr/local/bin/posttls filter -f ${sender} -- ${recipient}");
                s.Postfix.Override("pickup", "unix", "content_filter", "tagger:dummy");
            },
            Warning, "no smtpd service passes mail to tagger"),
        new("pickup without the filter", s => s.Postfix.Override("pickup", "unix", "content_filter", null),
            Warning, "pickup/unix does not pass mail to posttls-filter: mail submitted with the local sendmail is not tagged"),
        new("content_filter in main.cf, over SMTP", s =>
            {
                s.Postfix.Main["content_filter"] = "posttls-filter:dummy";
                s.Postfix.Override("pickup", "unix", "content_filter", null);
            }),
        new("sendmail reinjection, content_filter in main.cf loops through pickup", s =>
            {
                s.ConfigText = OldWay;
                s.Postfix.Main["content_filter"] = "posttls-filter:dummy";
                s.Postfix.Override("pickup", "unix", "content_filter", null);
            },
            Error, "pickup/unix runs with content_filter = posttls-filter:dummy: with reinject_address empty the filter reinjects through pickup"),
        new("sendmail reinjection, content_filter in main.cf, pickup exempt", s =>
            {
                s.ConfigText = OldWay;
                s.Postfix.Main["content_filter"] = "posttls-filter:dummy";
                s.Postfix.Override("pickup", "unix", "content_filter", "");
            }),
        new("sendmail reinjection, content_filter on pickup", s =>
            {
                s.ConfigText = OldWay;
                s.Postfix.Override("pickup", "unix", "content_filter", "posttls-filter:x");
            },
            Error, "pickup/unix runs with content_filter = posttls-filter:x"),
    ];

    public static TheoryData<string> Names => CheckCase.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Run(string name) => CheckCase.Verify(Cases, name, new SubmissionCheck(), CheckArea.Submission);
}
