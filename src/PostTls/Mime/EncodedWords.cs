using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace PostTls.Mime;

/// <summary>RFC 2047 encoded-word decoding for display (Subject and the like).</summary>
internal static class EncodedWords
{
    /// <summary>
    /// Past this many characters a value is returned as it is: Postfix's header_size_limit is
    /// 102400 bytes, so longer input is not a header anyone needs decoded.
    /// </summary>
    public const int MaxInputLength = 128 * 1024;

    /// <summary>
    /// Decodes B and Q encoded words in UTF-8, US-ASCII and ISO-8859-1…15 (and Windows-1252;
    /// ISO-8859-10 and -14 are not in .NET's tables, see <see cref="Charsets"/>); whitespace
    /// between adjacent encoded words is dropped; words that are broken, or in a charset not
    /// supported, are left exactly as they are. Never throws.
    /// </summary>
    /// <remarks>
    /// Adjacent words in the same charset are decoded together, so a UTF-8 sequence split
    /// across two words comes out whole. Control characters produced by decoding (an encoded
    /// CR or LF, say) become a space (TAB, CR, LF) or U+FFFD, so a decoded value stays one
    /// line wherever it is shown or logged. Encoded words are also found when text touches
    /// them, as in "(=?…?=)" or "=?…?=.pdf", the way mail readers show them.
    /// </remarks>
    public static string Decode(string headerValue)
    {
        if (headerValue is null || headerValue.Length > MaxInputLength || !headerValue.Contains("=?", StringComparison.Ordinal))
        {
            return headerValue ?? "";
        }

        var result = new StringBuilder(headerValue.Length);
        var run = new List<byte>();
        Encoding? runCharset = null;
        var copied = 0;
        var at = headerValue.IndexOf("=?", StringComparison.Ordinal);
        while (at >= 0)
        {
            if (!TryParse(headerValue, at, out var charset, out var bytes, out var end))
            {
                at = headerValue.IndexOf("=?", at + 1, StringComparison.Ordinal);
                continue;
            }

            var gap = headerValue.AsSpan(copied, at - copied);
            if (runCharset is { } previous && IsWhitespace(gap))
            {
                // Adjacent words: the whitespace between them goes (RFC 2047 section 6.2).
                if (previous.CodePage != charset.CodePage)
                {
                    Flush(result, run, runCharset);
                    runCharset = charset;
                }
            }
            else
            {
                Flush(result, run, runCharset);
                result.Append(gap);
                runCharset = charset;
            }

            run.AddRange(bytes);
            copied = end;
            at = headerValue.IndexOf("=?", end, StringComparison.Ordinal);
        }

        Flush(result, run, runCharset);
        result.Append(headerValue.AsSpan(copied));
        return result.ToString();
    }

    /// <summary>Reads <c>=?charset?B|Q?text?=</c> at <paramref name="start"/>.</summary>
    private static bool TryParse(
        string text, int start, [NotNullWhen(true)] out Encoding? charset, [NotNullWhen(true)] out byte[]? bytes, out int end)
    {
        charset = null;
        bytes = null;
        end = 0;
        var nameStart = start + 2;
        var nameEnd = IndexOfTokenEnd(text, nameStart, Charsets.MaxNameLength + 1);
        if (nameEnd < 0 || nameEnd + 3 > text.Length || text[nameEnd + 2] != '?')
        {
            return false;
        }

        var encoding = text[nameEnd + 1];
        var textStart = nameEnd + 3;
        var textEnd = IndexOfTokenEnd(text, textStart, int.MaxValue);
        if (textEnd < 0 || textEnd + 1 >= text.Length || text[textEnd + 1] != '=')
        {
            return false;
        }

        var encoded = text.AsSpan(textStart, textEnd - textStart);
        var decoded = encoding switch
        {
            'B' or 'b' => DecodeBase64(encoded),
            'Q' or 'q' => DecodeQ(encoded),
            _ => null,
        };
        var found = Charsets.Find(text.AsSpan(nameStart, nameEnd - nameStart));
        if (decoded is null || found is null)
        {
            return false;
        }

        charset = found;
        bytes = decoded;
        end = textEnd + 2;
        return true;
    }

    /// <summary>
    /// The index of the '?' that ends a charset or encoded text starting at <paramref name="from"/>,
    /// or -1 when a character that cannot be in one (space, control, 8-bit) comes first.
    /// </summary>
    private static int IndexOfTokenEnd(string text, int from, int maxLength)
    {
        var limit = (int)Math.Min(text.Length, (long)from + maxLength);
        for (var i = from; i < limit; i++)
        {
            var c = text[i];
            if (c == '?')
            {
                return i;
            }

            if (c is <= ' ' or > '~')
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>RFC 2045 base64; missing padding is tolerated, anything else broken is not.</summary>
    private static byte[]? DecodeBase64(ReadOnlySpan<char> encoded)
    {
        var padding = encoded.Length % 4;
        if (padding == 1)
        {
            return null;
        }

        var padded = padding == 0 ? encoded.ToString() : string.Concat(encoded, "==".AsSpan(0, 4 - padding));
        var bytes = new byte[padded.Length / 4 * 3];
        return Convert.TryFromBase64String(padded, bytes, out var written) ? bytes[..written] : null;
    }

    /// <summary>RFC 2047 "Q": '_' is a space, =XX a byte in hex, the rest literal.</summary>
    private static byte[]? DecodeQ(ReadOnlySpan<char> encoded)
    {
        var bytes = new List<byte>(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == '_')
            {
                bytes.Add((byte)' ');
            }
            else if (c != '=')
            {
                bytes.Add((byte)c);
            }
            else if (i + 2 < encoded.Length && char.IsAsciiHexDigit(encoded[i + 1]) && char.IsAsciiHexDigit(encoded[i + 2]))
            {
                bytes.Add((byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2])));
                i += 2;
            }
            else
            {
                return null;
            }
        }

        return [.. bytes];
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static bool IsWhitespace(ReadOnlySpan<char> gap)
    {
        foreach (var c in gap)
        {
            if (c is not (' ' or '\t' or '\r' or '\n'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Decodes the bytes of adjacent same-charset words as one piece.</summary>
    private static void Flush(StringBuilder result, List<byte> run, Encoding? charset)
    {
        if (charset is null || run.Count == 0)
        {
            run.Clear();
            return;
        }

        var decoded = charset.GetString([.. run]);
        run.Clear();
        foreach (var c in decoded)
        {
            result.Append(c switch
            {
                '\t' or '\r' or '\n' => ' ',
                _ when char.IsControl(c) => '\uFFFD',
                _ => c,
            });
        }
    }
}
