using PostTls.Configuration;
using PostTls.Notify;
using PostTls.Queue;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Notify;

/// <summary>Notices and composers for the notification tests.</summary>
internal static class NoticeSamples
{
    public const string Sender = "alice@example.org";
    public const string ReleaseAddress = "posttls-send-aaisem2ekvthpcez-29926920-5vzgkwy3uxr64cti@mail.example.org";
    public const string DeleteAddress = "posttls-delete-aaisem2ekvthpcez-29926920-c7jzx2fs7dnicv4n@mail.example.org";
    public const string OriginalMessageId = "<20261123091200.4711@client.example.org>";
    public const string From = "Mail Delivery System <MAILER-DAEMON@mail.example.org>";

    public static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 5, 0, TimeSpan.Zero);

    /// <summary>A Monday.</summary>
    public static readonly DateTimeOffset Deadline = new(2026, 11, 23, 14, 0, 0, TimeSpan.Zero);

    public static NotificationComposer Composer(string language = "en", string templateDirectory = "") =>
        new(new NotificationOptions(language, From, "mail.example.org", templateDirectory), new ManualClock(Now));

    public static NoticeRecipient Recipient(FailureClass failure, string address = "bob@example.net", string? reply = null, bool neverInsecure = false) =>
        new(address, failure, reply, neverInsecure);

    public static Notice Notice(
        NoticeKind kind = NoticeKind.Notice,
        string subject = "Quarterly report",
        IReadOnlyList<NoticeRecipient>? recipients = null,
        PolicyAction defaultAction = PolicyAction.Return,
        PolicyAction? appliedAction = null,
        int reminderNumber = 0,
        string? releaseAddress = ReleaseAddress,
        string? deleteAddress = DeleteAddress,
        string? messageId = OriginalMessageId) => new(
            kind,
            Sender,
            subject,
            "Mon, 23 Nov 2026 09:12:00 +0100",
            messageId,
            new DateTimeOffset(2026, 11, 23, 8, 12, 5, TimeSpan.Zero),
            recipients ?? [Recipient(FailureClass.NotOffered)],
            Deadline,
            defaultAction,
            appliedAction,
            reminderNumber,
            releaseAddress,
            deleteAddress);
}
