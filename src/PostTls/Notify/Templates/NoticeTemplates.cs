using System.Globalization;
using System.Text;
using PostTls.Notify.Document;
using PostTls.Notify.Rendering;
using PostTls.Text;

namespace PostTls.Notify.Templates;

/// <summary>
/// Site templates from template_directory: <c>KIND.LANG.txt</c> and <c>KIND.LANG.html</c>,
/// KIND being notice, reminder, deadline or never-insecure. A .txt template may start with a
/// line "Subject: …" that replaces the built-in subject. Without an .html template the HTML
/// part is made from the .txt template, so the site's wording is what every client shows;
/// an .html template alone replaces only the HTML part.
/// </summary>
internal static class NoticeTemplates
{
    private const string SubjectPrefix = "Subject:";

    /// <summary>
    /// The site's version of the notification, or null when the built-in one is to be used:
    /// no template for this kind, or one that cannot be used (then with a warning), or one
    /// that needs an action address this notice does not have (silently: the built-in text
    /// explains why the action is missing).
    /// </summary>
    public static RenderedBody? TryRender(string directory, Notice notice, NoticeDocument document, ICollection<string> warnings)
    {
        var files = TemplateFiles.Load(directory, KindName(notice.Kind), document.Texts.Language, warnings);
        if (files is null)
        {
            return null;
        }

        var textValues = Values(notice, document, html: false);
        string? subject = null;
        string? text = null;
        string? html = null;
        var used = new HashSet<string>(StringComparer.Ordinal);
        if (files.Text is not null)
        {
            var (subjectLine, body) = SplitSubject(files.Text);
            if (!Render(subjectLine ?? "", files.TextPath, textValues, used, warnings, out var renderedSubject)
                || !Render(body, files.TextPath, textValues, used, warnings, out text))
            {
                return null;
            }

            subject = subjectLine is null ? null : SafeText.Clean(renderedSubject);
        }

        if (files.Html is not null)
        {
            if (!Render(files.Html, files.HtmlPath, Values(notice, document, html: true), used, warnings, out html))
            {
                return null;
            }
        }
        else if (text is not null)
        {
            html = HtmlFromText(document.Texts.Language, subject ?? document.Subject, text, notice);
        }

        if ((used.Contains(TemplatePlaceholders.ReleaseAddress) && notice.ReleaseAddress is null)
            || (used.Contains(TemplatePlaceholders.DeleteAddress) && notice.DeleteAddress is null))
        {
            return null;
        }

        return new RenderedBody(string.IsNullOrEmpty(subject) ? document.Subject : subject, text, html);
    }

    /// <summary>The KIND part of a template's file name.</summary>
    public static string KindName(NoticeKind kind) => kind switch
    {
        NoticeKind.Notice => "notice",
        NoticeKind.Reminder => "reminder",
        NoticeKind.DeadlineApplied => "deadline",
        NoticeKind.NeverInsecureApplied => "never-insecure",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such notice kind"),
    };

    private static bool Render(
        string template,
        string path,
        IReadOnlyDictionary<string, string> values,
        HashSet<string> used,
        ICollection<string> warnings,
        out string result)
    {
        if (!TemplateEngine.TryRender(template, values, out result, out var names, out var error))
        {
            warnings.Add($"cannot use template {path}: {error}; using the built-in texts");
            return false;
        }

        used.UnionWith(names);
        return true;
    }

    private static (string? Subject, string Body) SplitSubject(string template)
    {
        if (!template.StartsWith(SubjectPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return (null, template);
        }

        var end = template.IndexOf('\n', StringComparison.Ordinal);
        if (end < 0)
        {
            return (template[SubjectPrefix.Length..], "");
        }

        var body = template[(end + 1)..];
        // One blank line may separate the subject from the text, as in a mail.
        if (body.StartsWith("\r\n", StringComparison.Ordinal) || body.StartsWith('\n'))
        {
            body = body[(body.IndexOf('\n', StringComparison.Ordinal) + 1)..];
        }

        return (template[SubjectPrefix.Length..end], body);
    }

    private static Dictionary<string, string> Values(Notice notice, NoticeDocument document, bool html)
    {
        string Value(string text) => html ? Html.Escape(text) : text;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TemplatePlaceholders.Subject] = Value(document.OriginalSubject),
            [TemplatePlaceholders.Date] = Value(document.OriginalDate),
            [TemplatePlaceholders.Recipients] = html
                ? HtmlRenderer.RecipientItems(document.Recipients)
                : PlainTextRenderer.Render([document.Recipients]).TrimEnd('\n'),
            [TemplatePlaceholders.Deadline] = Value(document.Deadline),
            [TemplatePlaceholders.DefaultAction] = Value(document.Texts.ActionPhrase(notice.DefaultAction)),
            [TemplatePlaceholders.AppliedAction] = Value(document.Texts.ActionPhrase(document.Action)),
            [TemplatePlaceholders.ReleaseAddress] = Value(notice.ReleaseAddress ?? ""),
            [TemplatePlaceholders.DeleteAddress] = Value(notice.DeleteAddress ?? ""),
            [TemplatePlaceholders.RememberAddresses] = html
                ? string.Concat((notice.RememberAddresses ?? []).Select(r =>
                    $"<li>{Html.Escape(r.Domain)}: <a href=\"{Html.Escape(Html.Mailto(r.Address))}\">{Html.Escape(r.Address)}</a></li>\n"))
                : string.Join("\n", (notice.RememberAddresses ?? []).Select(r => $"{r.Domain}: {r.Address}")),
            [TemplatePlaceholders.ReminderNumber] = notice.ReminderNumber.ToString(CultureInfo.InvariantCulture),
            [TemplatePlaceholders.Sender] = Value(SafeText.Clean(notice.To)),
        };
    }

    /// <summary>The .txt template's result as simple HTML: paragraphs, line breaks, and the action addresses as mailto: links.</summary>
    private static string HtmlFromText(string language, string title, string text, Notice notice)
    {
        var body = new StringBuilder();
        var paragraphs = text.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var paragraph in paragraphs)
        {
            var escaped = Html.Escape(paragraph).Replace("\n", "<br>\n", StringComparison.Ordinal);
            foreach (var address in new[] { notice.ReleaseAddress, notice.DeleteAddress }.Concat((notice.RememberAddresses ?? []).Select(r => r.Address)))
            {
                if (!string.IsNullOrEmpty(address))
                {
                    var shown = Html.Escape(address);
                    escaped = escaped.Replace(shown, $"<a href=\"{Html.Escape(Html.Mailto(address))}\">{shown}</a>", StringComparison.Ordinal);
                }
            }

            body.Append("<p>").Append(escaped).Append("</p>\n");
        }

        return $"<!DOCTYPE html>\n<html lang=\"{Html.Escape(language)}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{Html.Escape(title)}</title>\n</head>\n"
            + $"<body style=\"font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5\">\n{body}</body>\n</html>\n";
    }
}
