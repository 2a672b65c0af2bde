using System.Text;
using MimeKit.Utils;

namespace PostTls.Notify;

/// <summary>Header text (Subject and the like) as a person reads it: RFC 2047 encoded words decoded by MimeKit.</summary>
internal static class HeaderText
{
    /// <summary>
    /// Past this many characters a value is returned as it is: Postfix's header_size_limit is
    /// 102400 bytes, so longer input is not a header anyone needs decoded.
    /// </summary>
    public const int MaxInputLength = 128 * 1024;

    static HeaderText()
    {
        // .NET ships the ISO-8859 and Windows code pages but leaves them unregistered; MimeKit finds charsets through Encoding.GetEncoding.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>
    /// Decodes the encoded words of an unfolded header value; words that are broken, or in a
    /// charset MimeKit does not know, stay as they are. Never throws.
    /// </summary>
    /// <remarks>
    /// Control characters that decoding produced (an encoded CR or LF, say) become a space (TAB,
    /// CR, LF) or U+FFFD, so a decoded value stays one line wherever it is shown or logged.
    /// </remarks>
    public static string Decode(string? value)
    {
        if (value is null || value.Length > MaxInputLength || !value.Contains("=?", StringComparison.Ordinal))
        {
            return value ?? "";
        }

        var decoded = Rfc2047.DecodeText(Encoding.UTF8.GetBytes(value));
        return string.Create(decoded.Length, decoded, static (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                span[i] = text[i] switch
                {
                    '\t' or '\r' or '\n' => ' ',
                    var c when char.IsControl(c) => '\uFFFD',
                    var c => c,
                };
            }
        });
    }
}
