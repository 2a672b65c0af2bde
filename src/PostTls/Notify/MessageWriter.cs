using System.Security.Cryptography;
using System.Text;
using PostTls.Addresses;
using PostTls.Mime;
using PostTls.Tagging;
using PostTls.Text;

namespace PostTls.Notify;

/// <summary>
/// Writes a notification as a complete RFC 5322 message with CRLF line endings: the header,
/// then one text/plain part, or text/plain and text/html as multipart/alternative. Bodies are
/// UTF-8 in quoted-printable, so every line stays within 76 octets.
/// </summary>
internal static class MessageWriter
{
    // Longer ones (some Outlook IDs) still thread, on a line of their own within RFC 5322's 998.
    private const int MaxMessageIdLength = 900;

    public static byte[] Write(MessageHeaders headers, string text, string? html)
    {
        var message = new StringBuilder();
        message.Append(HeaderFields.Mailbox("From", headers.From));
        // The envelope address in internal form, quoted as RFC 5322 wants it ("john doe"@example.org).
        message.Append("To: <").Append(EnvelopeAddress.ToExternal(SafeText.Clean(headers.To))).Append(">\r\n");
        message.Append(HeaderFields.Unstructured("Subject", headers.Subject));
        message.Append("Date: ").Append(Rfc5322Date.Format(headers.Date)).Append("\r\n");
        message.Append("Message-ID: ").Append(NewMessageId(headers.MessageIdDomain)).Append("\r\n");
        if (MessageIdReference(headers.InReplyTo) is { } reference)
        {
            message.Append(ReferenceField("In-Reply-To", reference));
            message.Append(ReferenceField("References", reference));
        }

        message.Append("MIME-Version: 1.0\r\n");
        message.Append("Auto-Submitted: auto-generated\r\n");
        message.Append(NotificationComposer.NoticeHeader).Append(": ").Append(headers.NoticeValue).Append("\r\n");
        if (html is null)
        {
            AppendPartHeader(message, "text/plain");
            var body = QuotedPrintable.Encode(text);
            message.Append("\r\n").Append(body).Append(body.EndsWith("\r\n", StringComparison.Ordinal) ? "" : "\r\n");
            return Encoding.UTF8.GetBytes(message.ToString());
        }

        // The CRLF before each boundary line belongs to the boundary (RFC 2046, 5.1.1), so a
        // part's own final line break needs one more.
        var boundary = NewBoundary();
        message.Append("Content-Type: multipart/alternative;\r\n boundary=\"").Append(boundary).Append("\"\r\n");
        message.Append("\r\n");
        message.Append("--").Append(boundary).Append("\r\n");
        AppendPartHeader(message, "text/plain");
        message.Append("\r\n").Append(QuotedPrintable.Encode(text)).Append("\r\n");
        message.Append("--").Append(boundary).Append("\r\n");
        AppendPartHeader(message, "text/html");
        message.Append("\r\n").Append(QuotedPrintable.Encode(html)).Append("\r\n");
        message.Append("--").Append(boundary).Append("--\r\n");
        return Encoding.UTF8.GetBytes(message.ToString());
    }

    private static void AppendPartHeader(StringBuilder message, string type)
    {
        message.Append("Content-Type: ").Append(type).Append("; charset=utf-8\r\n");
        message.Append("Content-Transfer-Encoding: quoted-printable\r\n");
    }

    /// <summary>"=_" cannot occur in quoted-printable text, so the boundary cannot occur in a part.</summary>
    private static string NewBoundary() => "=_posttls_" + Base32.Encode(RandomNumberGenerator.GetBytes(15));

    private static string NewMessageId(string domain)
    {
        var right = domain.Length > 0 && domain.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-') ? domain : "posttls.invalid";
        return "<" + Base32.Encode(RandomNumberGenerator.GetBytes(15)) + "@" + right + ">";
    }

    /// <summary>
    /// The original Message-ID with its angle brackets, or null when it is missing or could
    /// not be written safely (whitespace, control characters, non-ASCII, unbalanced brackets).
    /// </summary>
    private static string? MessageIdReference(string? messageId)
    {
        var id = messageId?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        if (!id.StartsWith('<'))
        {
            id = "<" + id + ">";
        }

        var valid = id.Length is > 2 and <= MaxMessageIdLength && id.EndsWith('>')
            && id[1..^1].All(c => c is > ' ' and <= '~' and not '<' and not '>');
        return valid ? id : null;
    }

    private static string ReferenceField(string name, string id) =>
        name.Length + 2 + id.Length <= FoldedHeader.MaxLineLength ? $"{name}: {id}\r\n" : $"{name}:\r\n {id}\r\n";
}
