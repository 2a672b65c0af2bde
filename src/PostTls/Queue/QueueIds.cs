using System.Buffers;

namespace PostTls.Queue;

/// <summary>
/// The one strict validator for Postfix queue IDs, used before an ID reaches any command line.
/// </summary>
/// <remarks>
/// The two forms, as Postfix's <c>src/global/mail_queue.h</c> builds them:
/// <list type="bullet">
/// <item>Short (the default): the microseconds as exactly five upper-case hex digits, then the
/// queue file's inode number in upper-case hex without padding, e.g. <c>DF160B1E4BA</c>:
/// 6 to 21 characters (5 + 1..16 for a 64-bit inode).</item>
/// <item>Long (<c>enable_long_queue_ids = yes</c>): the seconds (base 52, at least 6
/// characters) and the microseconds (base 52, exactly 4 characters), a <c>z</c>, then the
/// inode number in base 51, e.g. <c>4jXNm60sf8z9HdB</c>. The base-52 alphabet is
/// <c>0-9</c>, <c>B-Z</c> and <c>b-z</c> without vowels; base 51 drops its last character,
/// <c>z</c>. So the time part may itself contain <c>z</c> (the digit 51), and Postfix finds
/// the separator as the last <c>z</c>, at least 10 characters in. At most 16 + 1 + 12 = 29
/// characters for 64-bit values.</item>
/// </list>
/// Anything else is refused: this also keeps path separators, <c>..</c>, leading dashes,
/// white space and non-ASCII away from the commands an ID is passed to.
/// </remarks>
internal static class QueueIds
{
    /// <summary>Postfix's "safe" alphabet: digits and consonants, so no word can be spelled.</summary>
    private static readonly SearchValues<char> LongTimeAlphabet =
        SearchValues.Create("0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz");

    /// <summary>The inode number's alphabet: base 51, i.e. without the separator <c>z</c>.</summary>
    private static readonly SearchValues<char> LongInodeAlphabet =
        SearchValues.Create("0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxy");

    private const char LongSeparator = 'z';

    private const int ShortUsecLength = 5;
    private const int ShortMaxInodeLength = 16;

    // Seconds: at least 6 characters; 12 hold any 64-bit value. Microseconds: exactly 4.
    private const int LongMinTimeLength = 6 + 4;
    private const int LongMaxTimeLength = 12 + 4;

    // A 64-bit inode number needs at most 12 base-51 digits.
    private const int LongMaxInodeLength = 12;

    /// <summary>True when <paramref name="id"/> is a short or a long Postfix queue ID.</summary>
    public static bool IsValid(string? id) =>
        id is not null && (IsShort(id) || IsLong(id));

    private static bool IsShort(string id)
    {
        if (id.Length is < ShortUsecLength + 1 or > ShortUsecLength + ShortMaxInodeLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(c is >= '0' and <= '9' or >= 'A' and <= 'F'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLong(string id)
    {
        // The last 'z', as Postfix's MQID_FIND_LG_INUM_SEPARATOR: earlier ones are time digits.
        var separator = id.LastIndexOf(LongSeparator);
        if (separator is < LongMinTimeLength or > LongMaxTimeLength)
        {
            return false;
        }

        var inodeLength = id.Length - separator - 1;
        if (inodeLength is < 1 or > LongMaxInodeLength)
        {
            return false;
        }

        return !id.AsSpan(0, separator).ContainsAnyExcept(LongTimeAlphabet)
            && !id.AsSpan(separator + 1).ContainsAnyExcept(LongInodeAlphabet);
    }
}
