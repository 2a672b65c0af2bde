using PostTls.Check;
using static PostTls.Check.Severity;

namespace PostTls.Tests.Check;

public sealed class FilterServiceCheckTests
{
    private const string Attributes = "flags=Rq user=posttls null_sender=";
    private const string Argv = "/usr/local/bin/posttls filter -f ${sender} -- ${recipient}";

    private static readonly CheckCase[] Cases =
    [
        new("another name", s =>
            {
                s.Postfix.Remove("posttls-filter", "unix");
                s.ReplaceService($"tagger unix - n n - 10 pipe {Attributes} argv={Argv}");
            }),
        new("config file named, the one checked", s => s.ReplaceService(Filter(argv: "/usr/local/bin/posttls -c /etc/posttls/posttls.conf filter -f ${sender} -- ${recipient}"))),
        new("missing", s => s.Postfix.Remove("posttls-filter", "unix"),
            Error, "master.cf has no pipe service running posttls filter"),
        new("runs another program", s => s.ReplaceService(Filter(argv: "/usr/local/bin/other filter -f ${sender} -- ${recipient}")),
            Error, "master.cf has no pipe service running posttls filter"),
        new("inet", s => { s.Postfix.Remove("posttls-filter", "unix"); s.ReplaceService($"posttls-filter inet n n n - 10 pipe {Attributes} argv={Argv}"); },
            Error, "posttls-filter/inet is of type inet"),
        new("chrooted", s => s.ReplaceService(Filter(chroot: "y")),
            Error, "runs chrooted"),
        new("as root", s => s.ReplaceService(Filter(attributes: "flags=Rq user=root null_sender=")),
            Error, "posttls-filter/unix runs as root"),
        new("as another user", s => s.ReplaceService(Filter(attributes: "flags=Rq user=nobody null_sender=")),
            Error, "runs as nobody, which cannot read the secret key"),
        new("as posttls with a group", s => s.ReplaceService(Filter(attributes: "flags=Rq user=posttls:posttls null_sender="))),
        new("without user", s => s.ReplaceService(Filter(attributes: "flags=Rq null_sender=")),
            Error, "has no user= attribute"),
        new("binary missing", s => s.System.Remove(CheckSetup.Binary),
            Error, "runs /usr/local/bin/posttls, which does not exist"),
        new("binary not executable by posttls", s => s.System.Change(CheckSetup.Binary, 0b111_000_000),
            Error, "user posttls cannot run /usr/local/bin/posttls (mode 0700)"),
        new("binary in a closed directory", s => s.System.Change("/usr/local/bin", 0b111_000_000),
            Error, "user posttls cannot reach /usr/local/bin/posttls: /usr/local/bin is closed to it"),
        new("no recipient", s => s.ReplaceService(Filter(argv: "/usr/local/bin/posttls filter -f ${sender}")),
            Error, "argv does not pass the envelope"),
        new("no sender", s => s.ReplaceService(Filter(argv: "/usr/local/bin/posttls filter -- ${recipient}")),
            Error, "argv does not pass the envelope"),
        new("no double dash", s => s.ReplaceService(Filter(argv: "/usr/local/bin/posttls filter -f ${sender} ${recipient}")),
            Warning, "argv has no -- before ${recipient}"),
        new("no q flag", s => s.ReplaceService(Filter(attributes: "flags=R user=posttls null_sender=")),
            Warning, "has no q in flags= (R)"),
        new("no R flag", s => s.ReplaceService(Filter(attributes: "flags=q user=posttls null_sender=")),
            Warning, "has no R in flags= (q)"),
        new("no null_sender", s => s.ReplaceService(Filter(attributes: "flags=Rq user=posttls")),
            Error, "has no null_sender=: bounces would be reinjected with sender MAILER-DAEMON"),
        new("null_sender set", s => s.ReplaceService(Filter(attributes: "flags=Rq user=posttls null_sender=postmaster")),
            Error, "has null_sender=postmaster"),
        new("another config file", s => s.ReplaceService(Filter(argv: "/usr/local/bin/posttls --config /etc/posttls/other.conf filter -f ${sender} -- ${recipient}")),
            Warning, "runs posttls with /etc/posttls/other.conf, but this check read /etc/posttls/posttls.conf"),
        new("recipient limit below smtpd's", s => s.Postfix.Main["posttls-filter_destination_recipient_limit"] = "50",
            Warning, "posttls-filter_destination_recipient_limit = 50 is below smtpd_recipient_limit = 1000"),
        new("time limit not above reinject_time_limit", s => s.Postfix.Main["posttls-filter_time_limit"] = "300s",
            Error, "posttls-filter_time_limit = 300s is not above reinject_time_limit (300s)"),
        new("time limit above a lowered reinject_time_limit", s => { s.Postfix.Main["posttls-filter_time_limit"] = "300s"; s.ConfigText = "reinject_time_limit = 120s\n"; }),
    ];

    public static TheoryData<string> Names => CheckCase.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Run(string name) => CheckCase.Verify(Cases, name, new FilterServiceCheck(), CheckArea.Filter);

    private static string Filter(string attributes = Attributes, string argv = Argv, string chroot = "n") =>
        $"posttls-filter unix - n {chroot} - 10 pipe {attributes} argv={argv}";
}
