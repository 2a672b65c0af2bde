using PostTls.Check;
using static PostTls.Check.Severity;

namespace PostTls.Tests.Check;

public sealed class DecideServiceCheckTests
{
    private static readonly CheckCase[] Cases =
    [
        new("another name", s =>
            {
                s.Postfix.Remove("posttls-decide", "unix");
                s.ReplaceService("decisions unix - n n - - pipe flags=q user=posttls argv=/usr/local/bin/posttls decide -f ${sender} -- ${recipient}");
                s.Postfix.Main["decisions_destination_recipient_limit"] = "1";
            }),
        new("missing", s => s.Postfix.Remove("posttls-decide", "unix"),
            Error, "master.cf has no pipe service running posttls decide"),
        new("as root", s => s.ReplaceService("posttls-decide unix - n n - - pipe flags=q user=root argv=/usr/local/bin/posttls decide -f ${sender} -- ${recipient}"),
            Error, "posttls-decide/unix runs as root"),
        new("binary missing", s => s.System.Remove(CheckSetup.Binary),
            Error, "runs /usr/local/bin/posttls, which does not exist"),
        new("recipient limit", s => s.Postfix.Main["posttls-decide_destination_recipient_limit"] = "50",
            Error, "posttls-decide_destination_recipient_limit = 50: posttls decide takes one action address per run"),
        new("recipient limit unknown", s => s.Postfix.Main.Remove("posttls-decide_destination_recipient_limit"),
            Error, "posttls-decide_destination_recipient_limit = (unset)"),
        new("time limit not above postfix_command_time_limit", s => s.Postfix.Main["posttls-decide_time_limit"] = "120s",
            Error, "posttls-decide_time_limit = 120s is not above postfix_command_time_limit (120s): pipe(8) would bounce the sender's decision"),
        new("time limit above a lowered postfix_command_time_limit", s => { s.Postfix.Main["posttls-decide_time_limit"] = "120s"; s.ConfigText = "postfix_command_time_limit = 60s\n"; }),
    ];

    public static TheoryData<string> Names => CheckCase.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Run(string name) => CheckCase.Verify(Cases, name, new DecideServiceCheck(), CheckArea.Decide);
}
