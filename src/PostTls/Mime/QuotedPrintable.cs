using System.Text;

namespace PostTls.Mime;

/// <summary>
/// Quoted-printable (RFC 2045, section 6.7) for UTF-8 text bodies we write ourselves.
/// </summary>
internal static class QuotedPrintable
{
    /// <summary>The longest encoded line, soft-break "=" included.</summary>
    public const int MaxLineLength = 76;

    private const string HexDigits = "0123456789ABCDEF";

    /// <summary>
    /// Encodes <paramref name="text"/> as UTF-8. Every line break (CRLF, LF or a lone CR)
    /// becomes a hard CRLF; longer lines get soft breaks. Whitespace at the end of a line is
    /// encoded (transports may strip it), and so are a leading "From " (mbox writers mangle
    /// it) and a line that is a lone ".". A character's UTF-8 bytes are never spread over two
    /// lines, so every encoded line decodes to whole characters.
    /// </summary>
    public static string Encode(string text)
    {
        var output = new StringBuilder(text.Length + text.Length / 4 + 8);
        var tokens = new List<string>();
        var start = 0;
        while (true)
        {
            var end = text.AsSpan(start).IndexOfAny('\r', '\n');
            if (end < 0)
            {
                EncodeLine(text.AsSpan(start), tokens, output);
                return output.ToString();
            }

            end += start;
            EncodeLine(text.AsSpan(start, end - start), tokens, output);
            output.Append("\r\n");
            start = end + (text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? 2 : 1);
        }
    }

    private static void EncodeLine(ReadOnlySpan<char> line, List<string> tokens, StringBuilder output)
    {
        tokens.Clear();
        foreach (var rune in line.EnumerateRunes())
        {
            tokens.Add(Token(rune));
        }

        if (tokens.Count == 0)
        {
            return;
        }

        if (tokens[^1] is " " or "\t")
        {
            tokens[^1] = Escape(tokens[^1][0]);
        }

        if (line.StartsWith("From ", StringComparison.Ordinal))
        {
            tokens[0] = Escape('F');
        }
        else if (line is ".")
        {
            tokens[0] = Escape('.');
        }

        var length = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            // The last token may use the whole line; any other must leave room for the "=".
            var limit = i == tokens.Count - 1 ? MaxLineLength : MaxLineLength - 1;
            if (length + tokens[i].Length > limit)
            {
                output.Append("=\r\n");
                length = 0;
            }

            output.Append(tokens[i]);
            length += tokens[i].Length;
        }
    }

    /// <summary>One character: itself when it is safe as is, else its UTF-8 bytes as =XX.</summary>
    private static string Token(Rune rune)
    {
        if (rune.Value is ' ' or '\t' || (rune.Value is >= 33 and <= 126 && rune.Value != '='))
        {
            return ((char)rune.Value).ToString();
        }

        Span<byte> bytes = stackalloc byte[4];
        var count = rune.EncodeToUtf8(bytes);
        var token = new StringBuilder(count * 3);
        foreach (var b in bytes[..count])
        {
            token.Append('=').Append(HexDigits[b >> 4]).Append(HexDigits[b & 15]);
        }

        return token.ToString();
    }

    private static string Escape(char ascii) => $"={HexDigits[ascii >> 4]}{HexDigits[ascii & 15]}";
}
