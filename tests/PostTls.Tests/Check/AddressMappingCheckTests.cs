using PostTls.Check;
using static PostTls.Check.Severity;

namespace PostTls.Tests.Check;

public sealed class AddressMappingCheckTests
{
    private const string Release = "posttls-release";

    private const string OldWay = "reinject_address =\n";

    private static readonly CheckCase[] SubmissionCases =
    [
        new("as the snippets say", _ => { }),
        new("submission turns mappings off, as for sendmail reinjection", s => s.Postfix.Override("submission", "inet", "receive_override_options", "no_address_mappings"),
            Error, "submission/inet passes mail to posttls-filter with no_address_mappings: the reinjection listener turns mappings off too, so this mail is never mapped"),
        new("in main.cf", s =>
            {
                s.Postfix.Main["receive_override_options"] = "no_address_mappings";
                s.Postfix.Override("submissions", "inet", "receive_override_options", "");
            },
            Error, "submission/inet passes mail to posttls-filter with no_address_mappings"),
        new("sendmail reinjection, submission maps before the filter", s =>
            {
                s.ConfigText = OldWay;
                s.Postfix.Override("submissions", "inet", "receive_override_options", "no_address_mappings");
            },
            Warning, "submission/inet passes mail to posttls-filter with address mappings on: they run again at pickup"),
        new("sendmail reinjection as the old snippets said", s =>
            {
                s.ConfigText = OldWay;
                s.Postfix.Override("submission", "inet", "receive_override_options", "no_address_mappings");
                s.Postfix.Override("submissions", "inet", "receive_override_options", "no_address_mappings");
            }),
        new("sendmail reinjection, in main.cf, pickup exempt", s =>
            {
                s.ConfigText = OldWay;
                s.Postfix.Main["receive_override_options"] = "no_address_mappings";
                s.Postfix.Override("pickup", "unix", "receive_override_options", "");
            }),
        new("sendmail reinjection, in main.cf, so pickup never maps", s =>
            {
                s.ConfigText = OldWay;
                s.Postfix.Main["receive_override_options"] = "no_address_mappings";
            },
            Error, "pickup/unix runs with receive_override_options = no_address_mappings: mail your users submit reaches the filter unmapped and is never mapped after it"),
        new("sendmail reinjection, on pickup", s =>
            {
                s.ConfigText = OldWay;
                s.Postfix.Override("submission", "inet", "receive_override_options", "no_address_mappings");
                s.Postfix.Override("submissions", "inet", "receive_override_options", "no_address_mappings");
                s.Postfix.Override("pickup", "unix", "receive_override_options", "no_address_mappings");
            },
            Error, "pickup/unix runs with receive_override_options = no_address_mappings"),
    ];

    private static readonly CheckCase[] ReleaseCases =
    [
        new("as the snippets say", _ => { }),
        new("release listener maps again", s => s.Postfix.Override(Release, "unix", "receive_override_options", null),
            Error, "posttls-release/unix runs with address mappings on: always_bcc and sender_bcc recipients are added to every released copy again"),
        new("release listener maps again, other options", s => s.Postfix.Override(Release, "unix", "receive_override_options", "no_unknown_recipient_checks"),
            Error, "posttls-release/unix runs with address mappings on"),
        new("release listener without header checks", s => s.Postfix.Override(Release, "unix", "receive_override_options", "no_address_mappings,no_header_body_checks"),
            Error, "posttls-release/unix runs with no_header_body_checks: its cleanup never turns X-PostTLS-Release into a FILTER"),
    ];

    public static TheoryData<string> SubmissionNames => CheckCase.Names(SubmissionCases);

    public static TheoryData<string> ReleaseNames => CheckCase.Names(ReleaseCases);

    [Theory]
    [MemberData(nameof(SubmissionNames))]
    public void Run_Submission(string name) => CheckCase.Verify(SubmissionCases, name, new AddressMappingCheck(), CheckArea.Submission);

    [Theory]
    [MemberData(nameof(ReleaseNames))]
    public void Run_Release(string name) => CheckCase.Verify(ReleaseCases, name, new AddressMappingCheck(), CheckArea.Release);
}
