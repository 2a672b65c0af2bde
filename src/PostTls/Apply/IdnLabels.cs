using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PostTls.Apply;

/// <summary>
/// Converts one international domain label to its A-label (xn--...), the form smtp(8) looks
/// up, or says why it cannot do so with certainty.
/// </summary>
/// <remarks>
/// Postfix converts with ICU's UTS #46 (nontransitional unless enable_idna2003_compatibility =
/// yes), which first maps the label (case folding, NFKC, disallowed characters) and then
/// applies Punycode. PostTLS runs with InvariantGlobalization: there IdnMapping applies
/// Punycode only, and string normalisation does nothing (both checked on .NET 10). Punycode
/// of a label that UTS #46 leaves unchanged is the same A-label ICU gives, so a label is
/// converted only when, after lower-casing (simple case mapping, which invariant mode does
/// for all of Unicode), every character is one that UTS #46 keeps as it is: precomposed
/// lower-case Latin, Greek and Cyrillic letters, CJK ideographs, kana and Hangul syllables,
/// ASCII letters, digits and "-". Other scripts (combining marks, right-to-left scripts,
/// joiners, compatibility forms) are refused rather than guessed: a wrong A-label would
/// send the copy to another server.
/// </remarks>
internal static class IdnLabels
{
    private static readonly IdnMapping Punycode = new() { UseStd3AsciiRules = true, AllowUnassigned = false };

    /// <param name="idna2003">Transitional conversion (Postfix's enable_idna2003_compatibility): ß and ς are mapped, not kept.</param>
    public static bool TryToAscii(string label, bool idna2003, [NotNullWhen(true)] out string? aLabel, [NotNullWhen(false)] out string? reason)
    {
        aLabel = null;
        // U+0130 lower-cases to "i" in simple case mapping, but to "i" + U+0307 in UTS #46.
        var lower = label.ToLowerInvariant();
        foreach (var (original, folded) in label.Zip(lower))
        {
            if (original == '\u0130' || !Kept(folded, idna2003))
            {
                reason = $"it contains U+{(int)original:X4}, which PostTLS does not convert";
                return false;
            }
        }

        try
        {
            aLabel = Punycode.GetAscii(lower);
            reason = null;
            return true;
        }
        catch (ArgumentException e)
        {
            reason = e.Message;
            return false;
        }
    }

    private static bool Kept(char c, bool idna2003) => c switch
    {
        >= 'a' and <= 'z' or >= '0' and <= '9' or '-' => true,
        '\u00DF' or '\u03C2' => !idna2003, // ß, final sigma: kept when nontransitional, Postfix's default
        // ŉ, ŀ, ſ and the digraph letters dž, lj, nj, dz are mapped by UTS #46.
        '\u0149' or '\u0140' or '\u017F' or (>= '\u01C4' and <= '\u01CC') or (>= '\u01F1' and <= '\u01F3') => false,
        >= '\u00E0' and <= '\u024F' => char.IsLower(c), // Latin-1 Supplement, Latin Extended-A and -B
        '\u0390' or (>= '\u03AC' and <= '\u03CE') => char.IsLower(c), // Greek
        >= '\u0430' and <= '\u04FF' => char.IsLower(c), // Cyrillic
        (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF') => true, // CJK ideographs
        (>= '\u3041' and <= '\u3096') or '\u309D' or '\u309E' => true, // Hiragana
        (>= '\u30A1' and <= '\u30FA') or (>= '\u30FC' and <= '\u30FE') => true, // Katakana
        >= '\uAC00' and <= '\uD7A3' => true, // Hangul syllables
        _ => false,
    };
}
