using System.Text.RegularExpressions;
using PostTls.Apply;

namespace PostTls.Tests.Apply;

public sealed class NextHopTests
{
    /// <summary>A next hop as relayhost or transport_maps give it → the form written into the routing header.</summary>
    public static TheoryData<string, string> Written => new()
    {
        { "example.com", "example.com" },
        { "Example.COM", "Example.COM" },
        { "example.com:2525", "example.com:2525" },
        { "[mail.example.com]", "[mail.example.com]" },
        { "[mail.example.com]:587", "[mail.example.com]:587" },
        { "[mail.example.com]:submission", "[mail.example.com]:submission" },
        { "[192.0.2.1]", "[192.0.2.1]" },
        { "[192.0.2.1]:25", "[192.0.2.1]:25" },
        { "[ipv6:2001:db8::1]", "[ipv6:2001:db8::1]" },
        { "[IPv6:2001:DB8::1]:25", "[IPv6:2001:DB8::1]:25" },
        { "[ipv6:::ffff:192.0.2.1]:25", "[ipv6:::ffff:192.0.2.1]:25" },
        { "[2001:db8::1]:25", "[2001:db8::1]:25" },
        { "[mail.example.com]:", "[mail.example.com]" },
        { "example.com:", "example.com" },
        { "192.0.2.1:25", "192.0.2.1:25" },
        { "[relay_1.example.com]:2525", "[relay_1.example.com]:2525" },
        { "_dmarc-like_name.example", "_dmarc-like_name.example" },
        { "example.com.", "example.com." },
        { "mail1.example:587, mail2.example:587", "mail1.example:587,mail2.example:587" },
        { "mail1.example:587,mail2.example:587", "mail1.example:587,mail2.example:587" },
        { "[mail1.example]:587 [mail2.example]:587", "[mail1.example]:587,[mail2.example]:587" },
        { "  [a.example] ,\t b.example  ", "[a.example],b.example" },
        { "[a.example]:25, [ipv6:2001:db8::2]:25, [192.0.2.9]", "[a.example]:25,[ipv6:2001:db8::2]:25,[192.0.2.9]" },
        { "bücher.example", "xn--bcher-kva.example" },
        { "BÜCHER.example", "xn--bcher-kva.example" },
        { "[mail.bücher.example]:587", "[mail.xn--bcher-kva.example]:587" },
        { "xn--bcher-kva.example", "xn--bcher-kva.example" },
        { "straße.example", "xn--strae-oqa.example" },
        { "пример.рф", "xn--e1afmkfd.xn--p1ai" },
        { "例え.テスト", "xn--r8jz45g.xn--zckzah" },
        { "한국.example", "xn--3e0b707e.example" },
        { "ελλάδα.example", "xn--hxakic4aa.example" },
    };

    /// <summary>Next hops that cannot be written, and a part of the reason given.</summary>
    public static TheoryData<string, string> Refused => new()
    {
        { "", "empty" },
        { " , ", "empty" },
        { "[mail.example.com", "no closing bracket" },
        { "[mail.example.com]x", "text after the closing bracket" },
        { "[2001:db8::zz]:25", "not an IPv6 address" },
        { "[]", "empty label" },
        { "[mail.example.com]:0", "unusable port" },
        { "[mail.example.com]:65536", "unusable port" },
        { "[mail.example.com]:025", "unusable port" },
        { "[mail.example.com]:sub_mission", "unusable port" },
        { "[ipv6:2001:db8::zz]", "not an IPv6 address" },
        { "[ipv6:192.0.2.1]", "not an IPv6 address" },
        { "[192.0.2.256]", "not an IPv4 address" },
        { "[192.0.2]", "not an IPv4 address" },
        { "a..example", "empty label" },
        { ".example", "empty label" },
        { "$mydomain", "not a host name" },
        { "[mail/example]", "not a host name" },
        { "mail?.example", "not a host name" },
        { new string('a', 64) + ".example", "not a host name" },
        { string.Join('.', Enumerable.Repeat(new string('a', 63), 4)) + ".example", "longer than 253" },
        { string.Join(",", Enumerable.Repeat("[" + new string('a', 60) + ".example]:25", 14)), "longer than 900" },
        { "דוגמה.example", "U+05D3" },
        { "उदाहरण.example", "A-label" },
        { "ex\u200Dample.example", "U+200D" },
        { "İstanbul.example", "U+0130" },
        { "ｂücher.example", "U+FF42" },
        { "ſtadt.example", "U+017F" },
        { "a_bücher.example", "A-label" },
        { "-bücher.example", "A-label" },
    };

    [Theory]
    [MemberData(nameof(Written))]
    public void TryCanonical_PostfixForm_WrittenAs(string raw, string expected)
    {
        Assert.True(NextHop.TryCanonical(raw, idna2003: false, out var written, out var reason), reason);
        Assert.Equal(expected, written);
        Assert.True(NextHop.IsCanonical(written));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void TryCanonical_Unusable_RefusedWithReason(string raw, string why)
    {
        Assert.False(NextHop.TryCanonical(raw, idna2003: false, out var written, out var reason));
        Assert.Null(written);
        Assert.Contains(why, reason, StringComparison.Ordinal);
        Assert.False(NextHop.IsCanonical(raw));
    }

    [Theory]
    [InlineData("straße.example")]
    [InlineData("ελλάς.example")]
    public void TryCanonical_DeviationCharacter_RefusedWhenPostfixConvertsTransitionally(string raw)
    {
        Assert.True(NextHop.TryCanonical(raw, idna2003: false, out _, out _));
        Assert.False(NextHop.TryCanonical(raw, idna2003: true, out _, out var reason));
        Assert.Contains("A-label", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mail1.example:587, mail2.example:587")]
    [InlineData("bücher.example")]
    [InlineData("a b")]
    [InlineData("b?cher.example")]
    public void IsCanonical_WhatTheOldCodeWroteUnchanged_False(string value) => Assert.False(NextHop.IsCanonical(value));

    /// <summary>
    /// Every header ReleaseContent can write matches the FILTER rule of the release cleanup's
    /// pcre, exactly as written, and turns into FILTER smtp-insecure:NEXTHOP. (.NET's regex is
    /// close enough to PCRE for this pattern; the integration tests ask postmap the same.)
    /// </summary>
    [Theory]
    [MemberData(nameof(Written))]
    public void ReleasePcre_EveryWrittenNextHop_BecomesFilterToExactlyThatNextHop(string raw, string expected)
    {
        Assert.True(NextHop.TryCanonical(raw, idna2003: false, out var written, out _));

        Assert.Equal($"FILTER smtp-insecure:{expected}", ReleasePcre.Answer($"X-PostTLS-Release: {written}"));
    }

    /// <summary>What the old code wrote for lists and international names, and anything else outside the alphabet: rejected, never routed the encrypted way.</summary>
    [Theory]
    [InlineData("mail1.example:587, mail2.example:587")]
    [InlineData("b?cher.example")]
    [InlineData("bücher.example")]
    [InlineData("")]
    [InlineData("$mydomain")]
    [InlineData("[mail/example]")]
    [InlineData("a\tb")]
    [InlineData("smtp-insecure:x FILTER other:y")]
    public void ReleasePcre_AnyOtherRoutingHeader_Rejected(string value) =>
        Assert.StartsWith("REJECT 5.7.1 ", ReleasePcre.Answer($"X-PostTLS-Release: {value}"), StringComparison.Ordinal);

    /// <summary>The rules of postfix-snippets/posttls-release.pcre, evaluated as Postfix does: first match wins, case-insensitive, $1 substituted.</summary>
    private static class ReleasePcre
    {
        private static readonly (Regex Pattern, string Action)[] Rules = File.ReadAllLines(RepositoryFiles.Path("postfix-snippets", "posttls-release.pcre"))
            .Where(l => l.StartsWith('/'))
            .Select(l => (Slash: l.LastIndexOf('/'), Line: l))
            .Select(r => (new Regex(r.Line[1..r.Slash], RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), r.Line[(r.Slash + 1)..].Trim()))
            .ToArray();

        public static string Answer(string header)
        {
            foreach (var (pattern, action) in Rules)
            {
                if (pattern.Match(header) is { Success: true } match)
                {
                    return action.Replace("$1", match.Groups[1].Value, StringComparison.Ordinal);
                }
            }

            return "";
        }
    }
}
