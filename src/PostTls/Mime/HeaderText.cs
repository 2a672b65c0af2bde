using System.Text;

namespace PostTls.Mime;

/// <summary>Makes text from a message safe to show on one line, in a header or in a body.</summary>
internal static class HeaderText
{
    /// <summary>
    /// Control characters and whitespace runs become one space, and Unicode direction
    /// overrides are removed (they could make a subject or address display as something
    /// else); the result is trimmed.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var clean = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F')
            {
                continue;
            }

            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                pendingSpace = clean.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                clean.Append(' ');
                pendingSpace = false;
            }

            clean.Append(c);
        }

        return clean.ToString();
    }
}
