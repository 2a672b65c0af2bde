using System.Text;
using MimeKit;
using MimeKit.Text;
using PostTls.Addresses;
using PostTls.Tagging;
using PostTls.Text;
using PostTls.Unix;

namespace PostTls.Notify;

/// <summary>
/// Writes a notification with MimeKit as a complete RFC 5322 message with CRLF line endings:
/// the header (encoded words and folding are MimeKit's), then one text/plain part, or
/// text/plain and text/html as multipart/alternative, in UTF-8.
/// </summary>
internal static class MailBuilder
{
    /// <summary>
    /// RFC 5322's limit on a line. Parts whose lines fit are written as they read (7bit, or
    /// 8bit for UTF-8 text) rather than in quoted-printable, whose soft line breaks would cut
    /// the action addresses: an administrator or a sender finds each address whole with grep
    /// in the mailbox file.
    /// </summary>
    public const int MaxBodyLineLength = 998;

    // Longer ones (some Outlook IDs) still thread, on a line of their own within RFC 5322's 998.
    private const int MaxMessageIdLength = 900;

    // 39 octets are 52 base64 characters: "Subject: =?utf-8?b?…?=" stays within 78.
    private const int MaxEncodedWordOctets = 39;

    private static readonly FormatOptions Format = new() { NewLineFormat = NewLineFormat.Dos };

    public static byte[] Write(MessageHeaders headers, string text, string? html)
    {
        var message = new MimeMessage();
        message.Headers.Clear();
        message.From.Add(Sender(headers.From));
        // The envelope address in internal form, quoted as RFC 5322 wants it ("john doe"@example.org).
        message.To.Add(new MailboxAddress("", EnvelopeAddress.ToExternal(SafeText.Clean(headers.To))));
        SetSubject(message, SafeText.Clean(headers.Subject));
        message.Date = headers.Date.ToUniversalTime();
        message.MessageId = NewMessageId(headers.MessageIdDomain);
        if (MessageIdReference(headers.InReplyTo) is { } reference)
        {
            message.InReplyTo = reference;
            message.References.Add(reference);
        }

        message.Headers.Add(HeaderId.MimeVersion, "1.0");
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add(NotificationComposer.NoticeHeader, headers.NoticeValue);
        message.Body = html is null ? Part(TextFormat.Plain, text) : new MultipartAlternative { Part(TextFormat.Plain, text), Part(TextFormat.Html, html) };
        using var output = new MemoryStream();
        message.WriteTo(Format, output);
        return output.ToArray();
    }

    private static TextPart Part(TextFormat format, string content)
    {
        var part = new TextPart(format);
        part.SetText(Encoding.UTF8, content);
        part.ContentTransferEncoding = part.GetBestEncoding(EncodingConstraint.EightBit, MaxBodyLineLength);
        return part;
    }

    /// <summary>
    /// MimeKit writes an ASCII subject as it is, so a subject that itself reads as an encoded
    /// word (a decoded "=?utf-8?q?…?=") would be decoded once more by the reader's client; such
    /// a subject goes out as encoded words in full, on lines of their own.
    /// </summary>
    private static void SetSubject(MimeMessage message, string subject)
    {
        message.Subject = subject;
        if (!subject.Contains("=?", StringComparison.Ordinal))
        {
            return;
        }

        var raw = new StringBuilder();
        var chunk = new StringBuilder();
        foreach (var rune in subject.EnumerateRunes())
        {
            if (Encoding.UTF8.GetByteCount(chunk.ToString()) + rune.Utf8SequenceLength > MaxEncodedWordOctets)
            {
                AppendEncodedWord(raw, chunk);
            }

            chunk.Append(rune.ToString());
        }

        AppendEncodedWord(raw, chunk);
        message.Headers[message.Headers.IndexOf(HeaderId.Subject)].SetRawValue(Encoding.ASCII.GetBytes(raw.Append("\r\n").ToString()));
    }

    private static void AppendEncodedWord(StringBuilder raw, StringBuilder chunk)
    {
        raw.Append(raw.Length == 0 ? " " : "\r\n ").Append("=?utf-8?b?").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(chunk.ToString()))).Append("?=");
        chunk.Clear();
    }

    /// <summary>The From: of the settings ("Display Name &lt;address&gt;" or an address); one that does not parse is a bare address.</summary>
    private static MailboxAddress Sender(string from)
    {
        var clean = SafeText.Clean(from);
        return MailboxAddress.TryParse(clean, out var mailbox) ? mailbox : new MailboxAddress("", clean);
    }

    private static string NewMessageId(string domain)
    {
        var right = domain.Length > 0 && domain.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-') ? domain : "posttls.invalid";
        return Base32.Encode(SystemRandom.GetBytes(15)) + "@" + right;
    }

    /// <summary>
    /// The original Message-ID without its angle brackets, or null when it is missing or could
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
        return valid ? id[1..^1] : null;
    }
}
