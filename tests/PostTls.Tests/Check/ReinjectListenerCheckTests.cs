using PostTls.Check;
using static PostTls.Check.Severity;

namespace PostTls.Tests.Check;

public sealed class ReinjectListenerCheckTests
{
    private const string Listener = "127.0.0.1:10026";

    private static readonly CheckCase[] Cases =
    [
        new("as the snippets say", _ => { }),
        new("sendmail reinjection: nothing to check", s =>
            {
                s.ConfigText = "reinject_address =\n";
                s.Postfix.Remove(Listener, "inet");
            }),
        new("no listener", s => s.Postfix.Remove(Listener, "inet"),
            Error, "master.cf has no 127.0.0.1:10026 inet service (reinject_address)"),
        new("listener elsewhere", s => s.ConfigText = "reinject_address = 127.0.0.1:10027\n",
            Error, "master.cf has no 127.0.0.1:10027 inet service"),
        new("listener filters again", s => s.Postfix.Override(Listener, "inet", "content_filter", "posttls-filter:dummy"),
            Error, "127.0.0.1:10026/inet runs with content_filter = posttls-filter:dummy: every reinjected copy goes through the filter again"),
        new("no HELO gate", s => s.Postfix.Override(Listener, "inet", "smtpd_helo_restrictions", ""),
            Error, "127.0.0.1:10026/inet does not admit only the secret HELO name: any local user can hand it mail that skips the filter"),
        new("HELO not required", s => s.Postfix.Override(Listener, "inet", "smtpd_helo_required", "no"),
            Error, "does not admit only the secret HELO name"),
        new("gate that permits more", s => s.Postfix.Override(Listener, "inet", "smtpd_helo_restrictions",
                "check_helo_access,texthash:/etc/postfix/posttls-reinject-helo,permit_mynetworks,reject"),
            Error, "does not admit only the secret HELO name"),
        new("listener logs every command", s =>
            {
                var i = s.Postfix.Services.FindIndex(x => x.Name == Listener && x.Type == "inet");
                s.Postfix.Services[i] = s.Postfix.Services[i] with { Arguments = ["-v", .. s.Postfix.Services[i].Arguments] };
            },
            Warning, "127.0.0.1:10026/inet runs smtpd -v: it logs every command of the filter's sessions, the secret HELO name with them"),
        new("debug_peer_list in main.cf, emptied for the listener as the snippets do", s => s.Postfix.Main["debug_peer_list"] = "127.0.0.0/8"),
        new("debug_peer_list in main.cf, the listener without the snippets' -o", s =>
            {
                s.Postfix.Main["debug_peer_list"] = "127.0.0.0/8";
                s.Postfix.Override(Listener, "inet", "debug_peer_list", null);
            },
            Warning, "debug_peer_list = 127.0.0.0/8 for 127.0.0.1:10026/inet: where it matches 127.0.0.1, smtpd logs the filter's sessions in full"),
        new("table missing", s => s.System.Remove(CheckSetup.ReinjectHeloTable),
            Error, "/etc/postfix/posttls-reinject-helo does not exist: the reinjection listener refuses the filter"),
        new("table of another key", s => s.System.AddFile(CheckSetup.ReinjectHeloTable, 0, 0, 0b110_000_000, PostTls.Tagging.ReinjectHelo.Table(new byte[32])),
            Error, "/etc/postfix/posttls-reinject-helo does not match the secret key"),
        new("table readable by others", s => s.System.Change(CheckSetup.ReinjectHeloTable, 0b110_100_100),
            Error, "/etc/postfix/posttls-reinject-helo can be read by others than root"),
        new("listener maps again", s => s.Postfix.Override(Listener, "inet", "receive_override_options", "no_unknown_recipient_checks,no_milters"),
            Warning, "127.0.0.1:10026/inet runs with address mappings on: they ran before the filter already"),
        new("shared cleanup", s => s.Postfix.Override(Listener, "inet", "cleanup_service_name", null),
            Error, "127.0.0.1:10026/inet uses the cleanup service \"cleanup\", which does not drop its Received line"),
    ];

    public static TheoryData<string> Names => CheckCase.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Run(string name) => CheckCase.Verify(Cases, name, new ReinjectListenerCheck(), CheckArea.Filter);
}
