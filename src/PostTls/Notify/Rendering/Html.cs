using System.Text;

namespace PostTls.Notify.Rendering;

/// <summary>Escaping for text that goes into HTML, and mailto: URLs.</summary>
internal static class Html
{
    /// <summary>
    /// Escapes the five characters that matter in text and in quoted attribute values;
    /// everything else stays as it is (the part is UTF-8).
    /// </summary>
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text;
        }

        var output = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            output.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return output.ToString();
    }

    /// <summary>A mailto: URL (RFC 6068), not yet escaped for an attribute.</summary>
    public static string Mailto(string address, string? subject = null)
    {
        var url = new StringBuilder("mailto:");
        foreach (var b in Encoding.UTF8.GetBytes(address))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~' or (byte)'@' or (byte)'+')
            {
                url.Append((char)b);
            }
            else
            {
                url.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (!string.IsNullOrEmpty(subject))
        {
            url.Append("?subject=").Append(Uri.EscapeDataString(subject));
        }

        return url.ToString();
    }
}
