using PostTls.Apply;

namespace PostTls.Tests.Apply;

/// <summary>A-labels as ICU's UTS #46 (what Postfix uses) gives them, from the label as a sender may write it.</summary>
public sealed class IdnLabelsTests
{
    [Theory]
    [InlineData("bücher", "xn--bcher-kva")]
    [InlineData("Bücher", "xn--bcher-kva")]
    [InlineData("BÜCHER", "xn--bcher-kva")]
    [InlineData("münchen", "xn--mnchen-3ya")]
    [InlineData("żółć", "xn--kda4b0koi")]
    [InlineData("straße", "xn--strae-oqa")]
    [InlineData("пример", "xn--e1afmkfd")]
    [InlineData("ПРИМЕР", "xn--e1afmkfd")]
    [InlineData("例え", "xn--r8jz45g")]
    [InlineData("テスト", "xn--zckzah")]
    [InlineData("한국", "xn--3e0b707e")]
    public void TryToAscii_KeptByUts46_Punycode(string label, string expected)
    {
        Assert.True(IdnLabels.TryToAscii(label, idna2003: false, out var aLabel, out var reason), reason);
        Assert.Equal(expected, aLabel);
    }

    /// <summary>Characters UTS #46 maps, joins or checks by rules PostTLS does not implement: refused, never guessed.</summary>
    [Theory]
    [InlineData("bu\u0308cher", "U+0308")] // decomposed ü: NFC would compose it
    [InlineData("\uFF42\u00FCcher", "U+FF42")] // fullwidth b: NFKC maps it
    [InlineData("\u0130stanbul", "U+0130")] // İ: UTS #46 lower-cases it to i + U+0307
    [InlineData("\u017Ftadt", "U+017F")] // long s: mapped to s
    [InlineData("\u01C6ungla", "U+01C6")] // dž digraph: mapped to d + ž
    [InlineData("ex\u200Dample", "U+200D")] // zero-width joiner: CONTEXTJ
    [InlineData("\u05D3\u05D5\u05D2\u05DE\u05D4", "U+05D3")] // Hebrew: bidi rules
    [InlineData("\u0909\u0926\u093E\u0939\u0930\u0923", "U+0909")] // Devanagari: combining marks
    [InlineData("caf\u00E9\u2122", "U+2122")] // trade mark sign: mapped to "tm"
    [InlineData("\uD83D\uDE00mail", "U+D83D")] // outside the BMP
    public void TryToAscii_NotKeptByUts46_Refused(string label, string code)
    {
        Assert.False(IdnLabels.TryToAscii(label, idna2003: false, out var aLabel, out var reason));
        Assert.Null(aLabel);
        Assert.Contains(code, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-bücher")]
    [InlineData("bücher-")]
    public void TryToAscii_HyphenAtAnEnd_RefusedAsStd3Requires(string label) =>
        Assert.False(IdnLabels.TryToAscii(label, idna2003: false, out _, out _));

    [Theory]
    [InlineData("straße")]
    [InlineData("ελλάς")]
    public void TryToAscii_DeviationCharacter_RefusedUnderIdna2003(string label)
    {
        Assert.True(IdnLabels.TryToAscii(label, idna2003: false, out _, out _));
        Assert.False(IdnLabels.TryToAscii(label, idna2003: true, out _, out var reason));
        Assert.Contains("U+", reason, StringComparison.Ordinal);
    }
}
