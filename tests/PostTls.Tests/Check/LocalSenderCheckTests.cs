using PostTls.Check;
using static PostTls.Check.Severity;

namespace PostTls.Tests.Check;

public sealed class LocalSenderCheckTests
{
    private static readonly CheckCase[] Cases =
    [
        new("restricted, as the README says", _ => { }),
        new("every local user may send as anyone", s => s.Postfix.Main["local_login_sender_maps"] = "static:*",
            Warning, "pickup/unix passes local mail to posttls-filter, and local_login_sender_maps = static:* lets every local user send as anyone"),
        new("Postfix before 3.6 has no such map", s => s.Postfix.Main.Remove("local_login_sender_maps")),
        new("pickup not filtered", s =>
            {
                s.Postfix.Main["local_login_sender_maps"] = "static:*";
                s.Postfix.Override("pickup", "unix", "content_filter", null);
            }),
        new("sendmail reinjection (pickup must not be filtered then)", s =>
            {
                s.Postfix.Main["local_login_sender_maps"] = "static:*";
                s.ConfigText = "reinject_address =\n";
            }),
    ];

    public static TheoryData<string> Names => CheckCase.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Run(string name) => CheckCase.Verify(Cases, name, new LocalSenderCheck(), CheckArea.Submission);
}
