using PostTls.Configuration;
using PostTls.Notify;
using PostTls.Queue;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Notify;

/// <summary>
/// What every kind of mail PostTLS writes says, as a reader sees it: the decoded subject and
/// the decoded text and HTML parts (Python's email package decodes them, not our code), pinned
/// by approved files under tests/PostTls.Tests/Notify/Approved. The encoding on the wire may
/// change; these texts may not, unless on purpose. A change shows up as a failing test with a
/// .received.txt beside the approved file: look at it, and if it is right, move it over.
/// </summary>
[Collection(ChildProcessCollection.Name)]
public sealed class ApprovedTextTests
{
    private const string Admin = "postmaster@example.org";

    private const string Always = "posttls-always-aaisem2ekvthpcez-abcdef-29926920-5vzgkwy3uxr64cti@mail.example.org";

    private static readonly ChoiceNote Note = new("example.net", new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero), "posttls-forget-q4vmx3kd7bnw2hye-29966940-5vzgkwy3uxr64cti@mail.example.org");

    private static readonly Dictionary<string, Func<NotificationComposer, byte[]>> Mails = new()
    {
        ["notice"] = c => c.Compose(NoticeSamples.Notice()),
        ["notice-several-recipients"] = c => c.Compose(NoticeSamples.Notice(subject: "Angebot – Grüße aus Köln", recipients:
        [
            NoticeSamples.Recipient(FailureClass.NotOffered),
            NoticeSamples.Recipient(FailureClass.CertificateNotVerified, "carol@partner.example", "454 4.7.0 TLS not available due to local problem"),
            NoticeSamples.Recipient(FailureClass.HandshakeFailed, "dave@bank.example", neverInsecure: true),
        ])),
        ["notice-delete-only"] = c => c.Compose(NoticeSamples.Notice(releaseAddress: null,
            recipients: [NoticeSamples.Recipient(FailureClass.DaneFailed, neverInsecure: true)])),
        ["reminder"] = c => c.Compose(NoticeSamples.Notice(NoticeKind.Reminder, reminderNumber: 2,
            recipients: [NoticeSamples.Recipient(FailureClass.StartTlsRefused, reply: "502 5.5.1 STARTTLS not implemented")])),
        ["deadline-return"] = c => c.Compose(Applied(NoticeKind.DeadlineApplied, PolicyAction.Return)),
        ["deadline-delete"] = c => c.Compose(Applied(NoticeKind.DeadlineApplied, PolicyAction.Delete)),
        ["deadline-hold"] = c => c.Compose(Applied(NoticeKind.DeadlineApplied, PolicyAction.Hold)),
        ["deadline-release"] = c => c.Compose(Applied(NoticeKind.DeadlineApplied, PolicyAction.Release)),
        ["deadline-leave"] = c => c.Compose(Applied(NoticeKind.DeadlineApplied, PolicyAction.Leave)),
        ["never-insecure-return"] = c => c.Compose(Applied(NoticeKind.NeverInsecureApplied, PolicyAction.Return)),
        ["never-insecure-delete"] = c => c.Compose(Applied(NoticeKind.NeverInsecureApplied, PolicyAction.Delete)),
        ["confirmation-released"] = c => c.ComposeConfirmation(Confirm(ConfirmationOutcome.Released, ["bob@example.net"], ["dave@bank.example"])),
        ["confirmation-deleted"] = c => c.ComposeConfirmation(Confirm(ConfirmationOutcome.Deleted)),
        ["confirmation-already-decided"] = c => c.ComposeConfirmation(Confirm(ConfirmationOutcome.AlreadyDecided, detail: "deleted")),
        ["confirmation-no-longer-waiting"] = c => c.ComposeConfirmation(Confirm(ConfirmationOutcome.NoLongerWaiting)),
        ["confirmation-not-allowed"] = c => c.ComposeConfirmation(Confirm(ConfirmationOutcome.NotAllowed)),
        ["notice-remember"] = c => c.Compose(NoticeSamples.Notice(recipients:
            [
                NoticeSamples.Recipient(FailureClass.NotOffered),
                NoticeSamples.Recipient(FailureClass.NotOffered, "carol@partner.example"),
            ]) with
            {
                RememberAddresses = [new("example.net", Always), new("partner.example", Always.Replace("abcdef", "ghijkl", StringComparison.Ordinal))],
                RememberUntil = new DateTimeOffset(2026, 12, 7, 10, 5, 0, TimeSpan.Zero),
            }),
        ["never-insecure-tls-required-no"] = c => c.Compose(Applied(NoticeKind.NeverInsecureApplied, PolicyAction.Return) with { TlsRequiredNoRefused = true }),
        ["confirmation-released-by-header"] = c => c.ComposeConfirmation(Confirm(ConfirmationOutcome.Released, ["bob@example.net"], ["dave@bank.example"])
            with { Basis = ReleaseBasis.Header }),
        ["confirmation-released-by-choice"] = c => c.ComposeConfirmation(Confirm(ConfirmationOutcome.Released, ["bob@example.net"])
            with { Basis = ReleaseBasis.Choice, Choices = [Note] }),
        ["confirmation-released-and-remembered"] = c => c.ComposeConfirmation(Confirm(ConfirmationOutcome.Released, ["bob@example.net"])
            with { Choices = [Note] }),
        ["confirmation-forgotten"] = c => c.ComposeConfirmation(new Confirmation(ConfirmationOutcome.Forgotten, NoticeSamples.Sender, "", null, [], [], null,
            ReleaseBasis.Asked, [Note])),
        ["confirmation-failed"] = c => c.ComposeConfirmation(Confirm(ConfirmationOutcome.Failed, detail: "postsuper failed")),
        ["confirmation-not-carried-out"] = c => c.ComposeConfirmation(Confirm(ConfirmationOutcome.NotCarriedOut,
            detail: "our mail server refused the copy (554 5.7.1 Access denied)")),
        ["confirmation-not-carried-out-partly"] = c => c.ComposeConfirmation(Confirm(ConfirmationOutcome.NotCarriedOut,
            ["anna@partner.example"], ["bob@example.net"], "our mail server refused the copy (451 4.3.0 Try again later)")),
        ["admin-alert-local-tls"] = c => c.ComposeAdminAlert(Admin,
        [
            new("4XyZ1abcD2", "alice@example.org", "bob@example.net", "delivery temporarily suspended: TLS is required, but our TLS engine is unavailable"),
            new("B1C2D3E4F5", "", "carol@example.com", "Cannot start TLS: handshake failure <local>"),
        ]),
        ["admin-alert-tag-reused"] = c => c.ComposeAdminAlert(Admin,
        [
            new("C3D4E5F6A7", "alice@example.org", "bob@example.net, carol@example.net",
                "carries the tag of message aaisem2ekvthpcez (queue ID 4XyZ1abcD2, from <alice@example.org>): that message is still queued",
                AdminAlertKind.TagReused),
        ]),
        ["admin-problem"] = c => c.ComposeProblemAlert(Admin, new AdminProblem("4XyZ1abcD2", "alice@example.org",
            "send without encryption (sender:alice@example.org)", "the release listener refused the copy: 554 5.7.1 Access denied",
            "taken off hold; Postfix keeps it in the deferred queue")),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Mails.Keys)
        {
            data.Add(name, "en");
            data.Add(name, "de");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DecodedText_MatchesTheApprovedText(string mail, string language)
    {
        var message = PythonEmail.Parse(Mails[mail](NoticeSamples.Composer(language)));

        var received = "Subject: " + message.Subject + "\n"
            + string.Concat(message.Parts.Select(p => $"\n--- {p.ContentType} ---\n{p.Content.Replace("\r\n", "\n", StringComparison.Ordinal)}"));
        var approved = RepositoryFiles.Path("tests", "PostTls.Tests", "Notify", "Approved", $"{mail}.{language}.txt");
        if (!File.Exists(approved) || File.ReadAllText(approved) != received)
        {
            File.WriteAllText(Path.ChangeExtension(approved, ".received.txt"), received);
            Assert.Fail($"the decoded {mail} ({language}) differs from {approved}; see the .received.txt beside it");
        }
    }

    [Fact]
    public void ApprovedFiles_EachBelongsToACase()
    {
        var expected = Cases().Select(c => $"{c[0]}.{c[1]}.txt").ToHashSet();
        var files = Directory.GetFiles(RepositoryFiles.Path("tests", "PostTls.Tests", "Notify", "Approved"), "*.txt")
            .Select(f => Path.GetFileName(f)).Where(f => !f.EndsWith(".received.txt", StringComparison.Ordinal));

        Assert.All(files, f => Assert.Contains(f, expected));
    }

    private static Notice Applied(NoticeKind kind, PolicyAction action) =>
        NoticeSamples.Notice(kind, appliedAction: action, releaseAddress: null, deleteAddress: null,
            recipients: [NoticeSamples.Recipient(FailureClass.NotOffered, neverInsecure: kind == NoticeKind.NeverInsecureApplied)]);

    private static Confirmation Confirm(ConfirmationOutcome outcome, IReadOnlyList<string>? released = null,
        IReadOnlyList<string>? stillQueued = null, string? detail = null) =>
        new(outcome, NoticeSamples.Sender, "Quarterly report", NoticeSamples.OriginalMessageId, released ?? [], stillQueued ?? [], detail);
}
