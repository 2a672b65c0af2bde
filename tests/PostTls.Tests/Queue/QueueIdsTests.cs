using PostTls.Queue;

namespace PostTls.Tests.Queue;

public sealed class QueueIdsTests
{
    [Theory]
    [InlineData("DF160B1E4BA")]             // from a real postqueue -j line
    [InlineData("3F2A91C0D7")]
    [InlineData("00000A")]                  // 5 microsecond digits + a 1-digit inode: the shortest
    [InlineData("F423F1")]                  // 999999 microseconds
    [InlineData("0123456789ABCDEF0123")]
    [InlineData("F423FFFFFFFFFFFFFFFFF")]   // 5 + 16 digits: a 64-bit inode, the longest
    public void IsValid_ShortId_IsAccepted(string id)
    {
        Assert.True(QueueIds.IsValid(id));
    }

    // Built with Postfix's encoding (seconds base 52 padded to 6, microseconds base 52
    // padded to 4, 'z', inode base 51) from the values in the comments.
    [Theory]
    [InlineData("4jXNm60sf8z9HdB")]                   // 1795339110 s, 123456 us, inode 1234567
    [InlineData("4jXNm675plz2")]                      // inode 2: one inode digit, 12 characters
    [InlineData("4SVLCh000zzCZFJ2X")]                 // 51 us: the time part ends in 'z'
    [InlineData("4jXNm600zzz1j")]                     // 2703 us: two 'z' digits, then the separator
    [InlineData("2Rbkh2p1XY8H75plz31wvQ2DWVjm0")]     // 64-bit seconds and inode: 29, the longest
    [InlineData("0000000000z1")]                      // all-zero time, still well-formed
    public void IsValid_LongId_IsAccepted(string id)
    {
        Assert.True(QueueIds.IsValid(id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("DF160B1E4BA ")]
    [InlineData(" DF160B1E4BA")]
    [InlineData("DF160\tB1E4BA")]
    [InlineData("DF160B1E4BA\n")]
    [InlineData("df160b1e4ba")]                       // short IDs are upper-case hex
    [InlineData("DF160b1E4BA")]
    [InlineData("DF160G1E4BA")]                       // G is not hex
    [InlineData("ABCDE")]                             // 5: no inode digit
    [InlineData("F423FFFFFFFFFFFFFFFFFF")]            // 22: longer than a 64-bit inode allows
    [InlineData("-DF160B1E4BA")]
    [InlineData("..")]
    [InlineData("../DF160B1E4")]
    [InlineData("DF160/B1E4BA")]
    [InlineData("deferred/D/DF160B1E4BA")]
    [InlineData("DF160B1E4BA\u0000")]
    [InlineData("DF160B1E4B\u00c4")]                  // non-ASCII
    [InlineData("DF160B1E4B\uff21")]                  // full-width A
    [InlineData("\u0664\u0662\u0663\u0664\u0665\u0666")] // Arabic-Indic digits
    public void IsValid_NotAShortId_IsRejected(string? id)
    {
        Assert.False(QueueIds.IsValid(id));
    }

    [Theory]
    [InlineData("4Xyz1234abcdzB3F")]                  // postfix-facts.md's sample: 'a' is a vowel
    [InlineData("4jXNm60sf8z")]                       // no inode digits
    [InlineData("4jXNm60sfz9HdB")]                    // 9 time characters: fewer than 6 + 4
    [InlineData("4jXNmz9HdB")]
    [InlineData("z4jXNm60sf8")]
    [InlineData("4jXNm60sf8z9HdBz")]                  // a trailing 'z' leaves no inode
    [InlineData("4jXNm60sf8Z9HdB")]                   // upper-case Z is a digit, not the separator
    [InlineData("4jXNm60sA8z9HdB")]                   // vowels never occur
    [InlineData("4jXNm60sf8z9HeB")]
    [InlineData("4jXNm60sf8z9HdU")]
    [InlineData("4jXNm60sf8z9Hdo")]
    [InlineData("4jXNm60sf8z9Hd-")]
    [InlineData("4jXNm60sf8z9Hd/")]
    [InlineData("4jXNm60s.8z9HdB")]
    [InlineData("4jXNm60sf8z9HdB ")]
    [InlineData("4jXNm60sf8z9HdB\u00df")]
    [InlineData("4jXNm60sf8z\u0665")]
    [InlineData("4jXNm60sf8z1234567890123")]          // 13 inode digits: more than 64 bits
    [InlineData("2Rbkh2p1XY8H75plBz31wvQ2DWVjm")]     // 17 time characters: more than 64 bits
    [InlineData("-jXNm60sf8z9HdB")]
    public void IsValid_NotALongId_IsRejected(string id)
    {
        Assert.False(QueueIds.IsValid(id));
    }
}
