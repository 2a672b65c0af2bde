using PostTls.Notify.Document;
using PostTls.Notify.Rendering;
using PostTls.Notify.Templates;
using PostTls.Notify.Texts;
using PostTls.Text;

namespace PostTls.Notify;

/// <summary>
/// Writes notifications as complete RFC 5322 messages (CRLF line endings) for sendmail:
/// multipart/alternative (text/plain first, then text/html), UTF-8, quoted-printable bodies,
/// RFC 2047-encoded Subject, Date, Message-ID, Auto-Submitted: auto-generated, and
/// <see cref="NoticeHeader"/> so PostTLS never notifies about its own mail. One instance
/// serves one thread (it keeps the latest <see cref="Warnings"/>).
/// </summary>
internal sealed class NotificationComposer(NotificationOptions options, TimeProvider clock)
{
    /// <summary>Present in every mail PostTLS sends; its value is the kind of mail.</summary>
    public const string NoticeHeader = "X-PostTLS-Notice";

    /// <summary>The <see cref="NoticeHeader"/> value of the administrator's alert.</summary>
    public const string AdminAlertValue = "admin-alert";

    private readonly List<string> _warnings = [];

    public NotificationOptions Options { get; } = options;

    public TimeProvider Clock { get; } = clock;

    /// <summary>
    /// Problems with template_directory met by the latest <see cref="Compose"/>, one line each,
    /// for the caller to log. The mail was still written, with the built-in texts.
    /// </summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>The notification to <see cref="Notice.To"/> about one message.</summary>
    /// <exception cref="ArgumentException">The notice has no recipient address (the null sender cannot be notified).</exception>
    public byte[] Compose(Notice notice)
    {
        _warnings.Clear();
        RequireAddress(notice.To, nameof(notice));
        var document = NoticeDocument.Build(notice, NoticeTexts.For(Options.Language));
        var custom = string.IsNullOrEmpty(Options.TemplateDirectory)
            ? null
            : NoticeTemplates.TryRender(Options.TemplateDirectory, notice, document, _warnings);
        var subject = custom?.Subject ?? document.Subject;
        var text = custom?.Text ?? PlainTextRenderer.Render(document.Blocks);
        var html = custom?.Html ?? HtmlRenderer.Render(document.Texts.Language, subject, document.Blocks);
        var headers = new MessageHeaders(
            Options.From,
            notice.To,
            subject,
            Clock.GetUtcNow(),
            Options.MessageIdDomain,
            NoticeTemplates.KindName(notice.Kind),
            notice.OriginalMessageId);
        return MailBuilder.Write(headers, text, html);
    }

    /// <summary>The answer to a sender's decision mail: what was done, or why nothing was.</summary>
    public byte[] ComposeConfirmation(Confirmation confirmation)
    {
        RequireAddress(confirmation.To, nameof(confirmation));
        var (subject, paragraphs) = ConfirmationTexts.For(confirmation, Options.Language);
        var headers = new MessageHeaders(Options.From, confirmation.To, subject, Clock.GetUtcNow(), Options.MessageIdDomain,
            "confirmation", confirmation.OriginalMessageId);
        return MailBuilder.Write(headers, string.Join("\n\n", paragraphs) + "\n", html: null);
    }

    /// <summary>One mail to the administrator listing messages of one <see cref="AdminAlertKind"/>: stuck because of our own TLS side, or carrying a reused tag.</summary>
    /// <exception cref="ArgumentException"><paramref name="to"/> is empty, there are no items, or they are of more than one kind.</exception>
    public byte[] ComposeAdminAlert(string to, IReadOnlyList<AdminAlertItem> items)
    {
        RequireAddress(to, nameof(to));
        if (items.Count == 0)
        {
            throw new ArgumentException("an alert needs at least one message", nameof(items));
        }

        if (items.Any(i => i.Kind != items[0].Kind))
        {
            throw new ArgumentException("one alert covers one kind of problem", nameof(items));
        }

        var texts = NoticeTexts.For(Options.Language);
        var headers = new MessageHeaders(
            Options.From,
            to,
            items[0].Kind == AdminAlertKind.TagReused ? texts.TagReusedSubject(items.Count) : texts.AdminSubject(items.Count),
            Clock.GetUtcNow(),
            Options.MessageIdDomain,
            AdminAlertValue,
            InReplyTo: null);
        return MailBuilder.Write(headers, PlainTextRenderer.Render(AdminAlertDocument.Build(items, texts)), html: null);
    }

    /// <summary>One mail to the administrator about a message PostTLS could not act on.</summary>
    /// <exception cref="ArgumentException"><paramref name="to"/> is not a mail address.</exception>
    public byte[] ComposeProblemAlert(string to, AdminProblem problem)
    {
        RequireAddress(to, nameof(to));
        var texts = NoticeTexts.For(Options.Language);
        var headers = new MessageHeaders(Options.From, to, texts.ProblemSubject(SafeText.Clean(problem.QueueId)), Clock.GetUtcNow(),
            Options.MessageIdDomain, AdminAlertValue, InReplyTo: null);
        return MailBuilder.Write(headers, PlainTextRenderer.Render(AdminAlertDocument.Build(problem, texts)), html: null);
    }

    /// <summary>
    /// True for an envelope address in internal form, as postcat prints it: a space in the
    /// local part is legal ("john doe"@example.org, quoted when written), a control character
    /// or an angle bracket never is.
    /// </summary>
    public static bool IsAddress([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? address) =>
        !string.IsNullOrWhiteSpace(address) && !address.Any(c => char.IsControl(c) || c is '<' or '>');

    private static void RequireAddress(string? address, string parameter)
    {
        if (!IsAddress(address))
        {
            throw new ArgumentException($"not a mail address: \"{SafeText.Clean(address)}\"", parameter);
        }
    }
}
