using System.Globalization;
using System.Text;

namespace PostTls.Text;

/// <summary>
/// The one sanitizer for text that came from outside (subjects, addresses, servers' replies,
/// configuration values) before people see it: log lines, terminal output, configuration
/// errors, bounce texts, notices and their header fields. Every layer calls it, so a rule
/// added here holds everywhere.
/// </summary>
/// <remarks>
/// The result is one line that shows what it says:
/// <list type="bullet">
/// <item>Unicode format characters (category Cf) are removed: the bidirectional embeddings,
/// overrides and isolates (U+202A..U+202E, U+2066..U+2069), the marks U+200E, U+200F and
/// U+061C, zero-width characters, the byte order mark and the invisible tag characters.
/// They can make an address or subject display as something else ("gpj.exe" shown as
/// "exe.jpg"), or hide text in plain sight.</item>
/// <item>Line breaks (CR, LF, VT, FF, NEL, U+2028, U+2029) and other control characters
/// (escape, bell, NUL, DEL, C1 controls) become '?': a line break can neither end a log
/// line nor a header, an escape sequence never reaches a terminal, and the reader sees that
/// something was there (unfolded header fields hold no line breaks; only hostile input does).</item>
/// <item>Other whitespace (space, tab, NBSP, ...) and runs of it become one space, and the
/// result is trimmed: a folded subject reads as one line.</item>
/// <item>A lone surrogate (text decoded from broken input) becomes '?'.</item>
/// </list>
/// </remarks>
internal static class SafeText
{
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        if (IsPlain(text))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        Span<char> units = stackalloc char[2];
        var pendingSpace = false;
        for (var i = 0; i < text.Length;)
        {
            var rune = Rune.DecodeFromUtf16(text.AsSpan(i), out var decoded, out var used) == System.Buffers.OperationStatus.Done
                ? decoded
                : new Rune('?');
            i += Math.Max(used, 1);
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format)
            {
                continue;
            }

            if (Rune.IsWhiteSpace(rune) && !IsLineBreak(rune))
            {
                pendingSpace = clean.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                clean.Append(' ');
                pendingSpace = false;
            }

            if (Rune.IsControl(rune) || IsLineBreak(rune))
            {
                clean.Append('?');
            }
            else
            {
                clean.Append(units[..rune.EncodeToUtf16(units)]);
            }
        }

        return clean.ToString();
    }

    /// <summary><see cref="Clean"/>, cut to <paramref name="width"/> characters with "..." so that a table row stays one line.</summary>
    public static string Cut(string? text, int width)
    {
        var clean = Clean(text);
        if (clean.Length <= width)
        {
            return clean;
        }

        // Never cut a character in two (a lone surrogate would be sent on).
        var end = width - 3;
        return clean[..(char.IsHighSurrogate(clean[end - 1]) ? end - 1 : end)] + "...";
    }

    private static bool IsLineBreak(Rune rune) => rune.Value is >= '\n' and <= '\r' or 0x85 or 0x2028 or 0x2029;

    /// <summary>Printable ASCII with single inner spaces, the common case: nothing to do.</summary>
    private static bool IsPlain(string text)
    {
        if (text[0] == ' ' || text[^1] == ' ')
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is < ' ' or > '~' || (c == ' ' && text[i - 1] == ' '))
            {
                return false;
            }
        }

        return true;
    }
}
