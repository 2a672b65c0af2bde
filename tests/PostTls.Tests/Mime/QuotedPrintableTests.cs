using System.Text;
using PostTls.Mime;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Mime;

public sealed class QuotedPrintableTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("Hello, world!", "Hello, world!")]
    [InlineData("a=b", "a=3Db")]
    [InlineData("Grüße", "Gr=C3=BC=C3=9Fe")]
    [InlineData("🚀", "=F0=9F=9A=80")]
    [InlineData("tab\there", "tab\there")]
    [InlineData("trailing space ", "trailing space=20")]
    [InlineData("trailing tab\t", "trailing tab=09")]
    [InlineData("two  \nlines", "two =20\r\nlines")]
    [InlineData("a\nb", "a\r\nb")]
    [InlineData("a\r\nb", "a\r\nb")]
    [InlineData("a\rb", "a\r\nb")]
    [InlineData("a\n\nb\n", "a\r\n\r\nb\r\n")]
    [InlineData("From here\nnot From here", "=46rom here\r\nnot From here")]
    [InlineData(".\n..", "=2E\r\n..")]
    [InlineData("\u0001\u007f", "=01=7F")]
    public void Encode_Table(string text, string expected)
    {
        Assert.Equal(expected, QuotedPrintable.Encode(text));
    }

    [Fact]
    public void Encode_76Characters_StaysOneLine()
    {
        var text = new string('x', 76);

        Assert.Equal(text, QuotedPrintable.Encode(text));
    }

    [Fact]
    public void Encode_77Characters_SoftBreakAfter75()
    {
        var encoded = QuotedPrintable.Encode(new string('x', 77));

        Assert.Equal(new string('x', 75) + "=\r\n" + "xx", encoded);
    }

    [Fact]
    public void Encode_EscapeAtLineEnd_IsNotSplit()
    {
        // 74 letters, then "=" (3 octets as =3D): the triplet would end at column 77.
        var encoded = QuotedPrintable.Encode(new string('x', 74) + "=y");

        Assert.Equal(new string('x', 74) + "=\r\n=3Dy", encoded);
    }

    [Fact]
    public void Encode_MultiByteCharacters_StayOnOneLine()
    {
        var text = string.Concat(Enumerable.Repeat("aé🚀ü€", 40));

        var encoded = QuotedPrintable.Encode(text);

        foreach (var line in encoded.Split("\r\n"))
        {
            // Each physical line must decode to whole characters on its own.
            QuotedPrintableDecoder.Decode(line.TrimEnd('='));
        }

        Assert.Equal(text, QuotedPrintableDecoder.Decode(encoded));
    }

    [Fact]
    public void Encode_SpaceBeforeSoftBreak_IsKeptLiteral()
    {
        var text = new string('x', 74) + " yyy";

        var encoded = QuotedPrintable.Encode(text);

        Assert.Equal(new string('x', 74) + " =\r\nyyy", encoded);
        Assert.Equal(text, QuotedPrintableDecoder.Decode(encoded));
    }

    [Fact]
    public void Encode_RandomText_RoundTripsWithinRfc2045Limits()
    {
        var alphabet = "abc XYZ 019 =\t.-_?\u00e4\u00df\u20ac\u2013\U0001F680\n\r\n<>&\"'".EnumerateRunes().ToArray();
        var random = new Random(20261123);
        for (var round = 0; round < 500; round++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 400);
            for (var i = 0; i < length; i++)
            {
                text.Append(alphabet[random.Next(alphabet.Length)].ToString());
            }

            var encoded = QuotedPrintable.Encode(text.ToString());

            AssertWellFormed(encoded);
            var expected = text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace("\n", "\r\n", StringComparison.Ordinal);
            Assert.Equal(expected, QuotedPrintableDecoder.Decode(encoded));
        }
    }

    private static void AssertWellFormed(string encoded)
    {
        Assert.DoesNotContain(encoded.Replace("\r\n", "", StringComparison.Ordinal), c => c is '\r' or '\n');
        foreach (var line in encoded.Split("\r\n"))
        {
            Assert.True(line.Length <= QuotedPrintable.MaxLineLength, $"line of {line.Length}: {line}");
            Assert.DoesNotContain(line, c => c is not ('\t' or (>= ' ' and <= '~')));
            Assert.False(line.EndsWith(' ') || line.EndsWith('\t'), $"trailing whitespace: \"{line}\"");
        }
    }
}
