using System.Text;

namespace PostTls.Mime;

/// <summary>
/// The MIME charsets <see cref="EncodedWords"/> decodes: UTF-8, US-ASCII, ISO-8859-1 to -9, -11,
/// -13, -15 and Windows-1252. ISO-8859-10 and -14 are not in .NET's code page tables and stay
/// undecoded. Names are matched case-insensitively with their common aliases.
/// </summary>
internal static class Charsets
{
    /// <summary>Longer "names" are not charsets; refusing them early bounds the work.</summary>
    public const int MaxNameLength = 40;

    // Malformed bytes become U+FFFD instead of throwing.
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>The decoder for a charset name (an RFC 2231 "*language" suffix allowed), or null.</summary>
    public static Encoding? Find(ReadOnlySpan<char> name)
    {
        var star = name.IndexOf('*');
        if (star >= 0)
        {
            name = name[..star];
        }

        if (name.IsEmpty || name.Length > MaxNameLength)
        {
            return null;
        }

        Span<char> lower = stackalloc char[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsAscii(c))
            {
                return null;
            }

            lower[i] = char.ToLowerInvariant(c);
        }

        return lower switch
        {
            "utf-8" or "utf8" => Utf8,
            "us-ascii" or "ascii" or "ansi_x3.4-1968" or "iso646-us" or "us" => Encoding.ASCII,
            "windows-1252" or "cp1252" or "x-cp1252" => CodePage(1252),
            "latin1" or "l1" => Iso8859(1),
            "latin2" or "l2" => Iso8859(2),
            "latin3" or "l3" => Iso8859(3),
            "latin4" or "l4" => Iso8859(4),
            "latin5" or "l5" => Iso8859(9),
            "latin7" => Iso8859(13),
            "latin9" or "l9" => Iso8859(15),
            _ => Iso8859(Iso8859Part(lower)),
        };
    }

    /// <summary>N from iso-8859-N, iso8859-N, iso_8859-N (and "_N", ":1987" suffixes); 0 otherwise.</summary>
    private static int Iso8859Part(ReadOnlySpan<char> name)
    {
        if (!name.StartsWith("iso"))
        {
            return 0;
        }

        name = name[3..];
        if (name.Length > 0 && name[0] is '-' or '_')
        {
            name = name[1..];
        }

        if (!name.StartsWith("8859") || name.Length < 6 || name[4] is not ('-' or '_'))
        {
            return 0;
        }

        name = name[5..];
        var colon = name.IndexOf(':');
        if (colon >= 0)
        {
            // ISO_8859-1:1987 and the like name the edition.
            name = name[..colon];
        }

        return name.Length is 1 or 2 && int.TryParse(name, System.Globalization.NumberStyles.None, null, out var part) ? part : 0;
    }

    private static Encoding? Iso8859(int part) => part switch
    {
        // Latin-1 is built in; the others come from the code page tables that ship with .NET.
        1 => Encoding.Latin1,
        >= 2 and <= 9 => CodePage(28590 + part),
        // Windows-874 is ISO-8859-11 plus printable characters in the C1 control range.
        11 => CodePage(874),
        13 => CodePage(28603),
        15 => CodePage(28605),
        _ => null,
    };

    private static Encoding? CodePage(int codePage) => CodePagesEncodingProvider.Instance.GetEncoding(codePage);
}
