using PostTls.Check;
using static PostTls.Check.Severity;

namespace PostTls.Tests.Check;

public sealed class AddressMappingCheckTests
{
    private const string Release = "posttls-release";

    private static readonly CheckCase[] SubmissionCases =
    [
        new("as the snippets say", _ => { }),
        new("submission maps before the filter", s => s.Postfix.Override("submission", "inet", "receive_override_options", null),
            Warning, "submission/inet passes mail to posttls-filter with address mappings on: they run again at pickup"),
        new("in main.cf, pickup exempt", s =>
            {
                s.Postfix.Main["receive_override_options"] = "no_address_mappings";
                s.Postfix.Override("submission", "inet", "receive_override_options", null);
                s.Postfix.Override("pickup", "unix", "receive_override_options", "");
            }),
        new("in main.cf, so pickup never maps", s =>
            {
                s.Postfix.Main["receive_override_options"] = "no_address_mappings";
                s.Postfix.Override("submission", "inet", "receive_override_options", null);
            },
            Error, "pickup/unix runs with receive_override_options = no_address_mappings: mail your users submit reaches the filter unmapped and is never mapped after it"),
        new("on pickup", s => s.Postfix.Override("pickup", "unix", "receive_override_options", "no_address_mappings"),
            Error, "pickup/unix runs with receive_override_options = no_address_mappings"),
        new("on pickup, no submission filters", s =>
            {
                s.Postfix.Override("pickup", "unix", "receive_override_options", "no_address_mappings");
                s.Postfix.Override("submission", "inet", "content_filter", null);
                s.Postfix.Override("submissions", "inet", "content_filter", null);
            }),
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
