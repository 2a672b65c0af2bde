using System.Text;
using PostTls.Tagging;

namespace PostTls.Tests.Tagging;

public sealed class Base32Tests
{
    /// <summary>RFC 4648 section 10 test vectors, lower case, without padding.</summary>
    [Theory]
    [InlineData("", "")]
    [InlineData("f", "my")]
    [InlineData("fo", "mzxq")]
    [InlineData("foo", "mzxw6")]
    [InlineData("foob", "mzxw6yq")]
    [InlineData("fooba", "mzxw6ytb")]
    [InlineData("foobar", "mzxw6ytboi")]
    public void Encode_Rfc4648Vector_MatchesLowerCaseUnpadded(string input, string expected)
    {
        Assert.Equal(expected, Base32.Encode(Encoding.ASCII.GetBytes(input)));
    }

    [Theory]
    [InlineData(new byte[] { 0 }, "aa")]
    [InlineData(new byte[] { 0xff }, "74")]
    [InlineData(new byte[] { 0, 0, 0, 0, 0 }, "aaaaaaaa")]
    [InlineData(new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff }, "77777777")]
    [InlineData(new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, "7777777777777777")]
    public void Encode_EdgeBytes_UsesWholeAlphabetRange(byte[] input, string expected)
    {
        Assert.Equal(expected, Base32.Encode(input));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 5)]
    [InlineData(4, 7)]
    [InlineData(5, 8)]
    [InlineData(10, 16)]
    [InlineData(32, 52)]
    public void Encode_Length_IsCeilingOfEightFifths(int bytes, int chars)
    {
        Assert.Equal(chars, Base32.Encode(new byte[bytes]).Length);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyz234567", true)]
    [InlineData("A", false)]
    [InlineData("0", false)]
    [InlineData("1", false)]
    [InlineData("8", false)]
    [InlineData("9", false)]
    [InlineData("=", false)]
    [InlineData("abc ", false)]
    [InlineData("\u00e9", false)]
    [InlineData("\uff41", false)]
    public void IsValid_Text_AcceptsOnlyLowerCaseAlphabet(string text, bool expected)
    {
        Assert.Equal(expected, Base32.IsValid(text));
    }
}
