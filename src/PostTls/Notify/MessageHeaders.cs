namespace PostTls.Notify;

/// <summary>The header values of one outgoing mail; <see cref="MailBuilder"/> has MimeKit encode and fold them.</summary>
/// <param name="NoticeValue">The value of <see cref="NotificationComposer.NoticeHeader"/>.</param>
/// <param name="InReplyTo">The original message's Message-ID, so clients thread the notification with it; null when unknown.</param>
internal sealed record MessageHeaders(
    string From,
    string To,
    string Subject,
    DateTimeOffset Date,
    string MessageIdDomain,
    string NoticeValue,
    string? InReplyTo);
