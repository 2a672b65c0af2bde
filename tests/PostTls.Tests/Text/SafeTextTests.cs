using System.Globalization;
using System.Text;
using PostTls.Tests.TestSupport;
using PostTls.Text;

namespace PostTls.Tests.Text;

public sealed class SafeTextTests
{
    /// <summary>Every character that changes direction or hides itself, as a hostile subject or address would carry it.</summary>
    public static readonly TheoryData<string, string> Hostile = new()
    {
        // "invoice<RLO>fdp.exe" shows as "invoiceexe.pdf".
        { "invoice\u202Efdp.exe", "invoicefdp.exe" },
        { "\u202Aa\u202Bb\u202Cc\u202Dd\u202Ee", "abcde" },
        { "\u2066a\u2067b\u2068c\u2069d", "abcd" },
        { "alice\u200E@\u200Fexample.org\u061C", "alice@example.org" },
        { "pay\u200Bpal\u200C\u200D\u2060\uFEFF.example", "paypal.example" },
        { "\u00ADsoft\u00ADhyphen", "softhyphen" },
        // Tag characters (U+E0000 block, astral, category Cf) can hide a whole sentence.
        { "ok\U000E0069\U000E0067\U000E006E\U000E006F\U000E0072\U000E0065", "ok" },
        { "\u206Adeprecated\u206F", "deprecated" },
        { "evil\u001b]0;owned\u0007title", "evil?]0;owned?title" },
        { "nul\0del\u007fc1\u009b[31m", "nul?del?c1?[31m" },
        { "line one\r\nposttls/sweep[1]: forged", "line one??posttls/sweep[1]: forged" },
        { "a\u2028b\u2029c\u0085d\u000be\u000cf", "a?b?c?d?e?f" },
        { "  tabs\t\tand\u00a0\u3000spaces  ", "tabs and spaces" },
        { "\u202E", "" },
        { "", "" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Clean_HostileText_OneLineThatShowsWhatItSays(string input, string expected) =>
        Assert.Equal(expected, SafeText.Clean(input));

    [Theory]
    [InlineData("Quarterly report")]
    [InlineData("Grüße – Angebot 🚀")]
    [InlineData("שלום עולם")]
    [InlineData("مرحبا بالعالم")]
    [InlineData("👩🏽 Привет")]
    [InlineData("\"john doe\"@example.org")]
    public void Clean_OrdinaryText_Unchanged(string text) => Assert.Equal(text, SafeText.Clean(text));

    [Fact]
    public void Clean_LoneSurrogates_BecomeQuestionMarks() =>
        Assert.Equal("lone ? high and ? low", SafeText.Clean("lone \ud800 high and \udc00 low"));

    [Fact]
    public void Clean_Null_IsEmpty() => Assert.Equal("", SafeText.Clean(null));

    [Fact]
    public void Clean_EveryFormatCharacter_Removed()
    {
        var format = Enumerable.Range(0, 0x110000)
            .Where(c => c is < 0xD800 or > 0xDFFF && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            .Select(char.ConvertFromUtf32)
            .ToList();
        Assert.Contains("\u202E", format);

        Assert.Equal("ab", SafeText.Clean("a" + string.Concat(format) + "b"));
    }

    [Fact]
    public void Clean_RandomHostileText_KeepsItsPromises()
    {
        var alphabet = new[]
        {
            "a", "Z", "9", " ", "  ", "\t", "\r\n", "\n", "\u0085", "\u2028", "\u00a0", "\u001b", "\u0007", "\0", "\u007f", "\u009b",
            "\u202E", "\u2066", "\u200F", "\u061C", "\uFEFF", "\U000E0041", "\ud800", "\udc00", "\U0001F680", "ä", "ש", "?",
        };
        Seeded.Check(nameof(SafeText), 2000, 50000,
            random => string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)])),
            text =>
            {
                var clean = SafeText.Clean(text);
                Assert.Equal(clean, SafeText.Clean(clean));
                Assert.Equal(clean.Trim(), clean);
                Assert.DoesNotContain("  ", clean, StringComparison.Ordinal);
                foreach (var rune in clean.EnumerateRunes())
                {
                    Assert.NotEqual(UnicodeCategory.Format, Rune.GetUnicodeCategory(rune));
                    Assert.False(Rune.IsControl(rune), $"control U+{rune.Value:X4}");
                    Assert.True(!Rune.IsWhiteSpace(rune) || rune.Value == ' ', $"whitespace U+{rune.Value:X4}");
                    Assert.False(rune.Value is 0x2028 or 0x2029, "a line separator");
                    Assert.NotEqual(Rune.ReplacementChar, rune);
                }
            },
            text => Mutator.Show(text));
    }

    [Theory]
    [InlineData("short", 10, "short")]
    [InlineData("exactly10!", 10, "exactly10!")]
    [InlineData("a little too long", 10, "a littl...")]
    [InlineData("evil\u202Eabc", 7, "evilabc")]
    public void Cut_CleansThenCuts(string text, int width, string expected) => Assert.Equal(expected, SafeText.Cut(text, width));

    [Fact]
    public void Cut_NeverSplitsACharacterInTwo()
    {
        var cut = SafeText.Cut("abcdef\U0001F680\U0001F680\U0001F680", 10);

        Assert.Equal("abcdef...", cut);
        Assert.DoesNotContain(cut, char.IsSurrogate);
    }
}
