using System.Text;
using System.Text.RegularExpressions;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Notify;

/// <summary>Checks on composed messages, raw and as Python's email package parsed them.</summary>
internal static partial class MessageAssert
{
    /// <summary>
    /// CRLF only; the header ASCII, its lines within 78 octets (RFC 5322's SHOULD); the body
    /// UTF-8 (parts are 7bit or 8bit), its lines within RFC 5322's 998 octets.
    /// </summary>
    public static void WellFormed(byte[] raw, int maxHeaderLine = 78)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\n')
            {
                Assert.True(i > 0 && raw[i - 1] == '\r', $"bare LF at {i}");
            }

            if (raw[i] == '\r')
            {
                Assert.True(i + 1 < raw.Length && raw[i + 1] == '\n', $"bare CR at {i}");
            }
        }

        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(raw);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, "no blank line after the header");
        Assert.True(Ascii.IsValid(text.AsSpan(0, end)), "non-ASCII in the header: " + text[..end]);
        foreach (var line in text[..end].Split("\r\n"))
        {
            Assert.True(line.Length <= maxHeaderLine, $"header line of {line.Length} octets: {line}");
        }

        foreach (var line in text[(end + 4)..].Split("\r\n"))
        {
            Assert.True(Encoding.UTF8.GetByteCount(line) <= 998, $"body line of {line.Length} characters: {line}");
        }
    }

    /// <summary>Each part as it reads: 7bit when it is ASCII, else 8bit, never quoted-printable or base64 (issue 14, 2.8).</summary>
    public static void ReadableEncoding(ParsedPart part) =>
        Assert.Equal(part.Content.All(char.IsAscii) ? "7bit" : "8bit", part.TransferEncoding);

    /// <summary>The structure every notice has: multipart/alternative, text then HTML, UTF-8 in 7bit or 8bit, no defects.</summary>
    public static void IsNotice(ParsedMessage message)
    {
        Assert.Empty(message.Defects);
        Assert.True(message.IsMultipart);
        Assert.Equal("multipart/alternative", message.ContentType);
        Assert.Equal(["text/plain", "text/html"], message.Parts.Select(p => p.ContentType));
        foreach (var part in message.Parts)
        {
            Assert.Equal("utf-8", part.Charset);
            ReadableEncoding(part);
            Assert.Empty(part.Defects);
        }
    }

    /// <summary>Both parts say <paramref name="sentence"/> (whitespace and line breaks aside).</summary>
    public static void BothPartsSay(ParsedMessage message, string sentence)
    {
        Assert.Contains(sentence, Collapse(message.Parts[0].Content), StringComparison.Ordinal);
        Assert.Contains(sentence, message.Parts[1].Text, StringComparison.Ordinal);
    }

    public static void NeitherPartSays(ParsedMessage message, string sentence)
    {
        Assert.DoesNotContain(sentence, Collapse(message.Parts[0].Content), StringComparison.Ordinal);
        Assert.DoesNotContain(sentence, message.Parts[1].Text, StringComparison.Ordinal);
    }

    public static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
