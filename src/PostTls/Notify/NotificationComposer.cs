namespace PostTls.Notify;

/// <summary>
/// Writes notifications as complete RFC 5322 messages (CRLF line endings) for sendmail:
/// multipart/alternative (text/plain first, then text/html), UTF-8, quoted-printable bodies,
/// RFC 2047-encoded Subject, Date, Message-ID, Auto-Submitted: auto-generated, and
/// <see cref="NoticeHeader"/> so PostTLS never notifies about its own mail.
/// </summary>
internal sealed class NotificationComposer(NotificationOptions options, TimeProvider clock)
{
    /// <summary>Present in every mail PostTLS sends; its value is the kind of mail.</summary>
    public const string NoticeHeader = "X-PostTLS-Notice";

    public NotificationOptions Options { get; } = options;

    public TimeProvider Clock { get; } = clock;

    /// <summary>Problems with template_directory met while composing (the built-in text was used instead).</summary>
    public IReadOnlyList<string> Warnings => [];

    public byte[] Compose(Notice notice) => throw new NotImplementedException();

    /// <summary>One mail to the administrator listing messages stuck because of our own TLS side.</summary>
    public byte[] ComposeAdminAlert(string to, IReadOnlyList<AdminAlertItem> items) => throw new NotImplementedException();
}
