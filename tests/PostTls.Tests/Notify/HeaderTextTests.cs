using System.Diagnostics;
using PostTls.Notify;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Notify;

public sealed class HeaderTextTests
{
    /// <summary>RFC 2047 section 8, the examples as printed there (and RFC 2231's language suffix).</summary>
    public static TheoryData<string, string> Rfc2047Examples => new()
    {
        { "(=?ISO-8859-1?Q?a?=)", "(a)" },
        { "(=?ISO-8859-1?Q?a?= b)", "(a b)" },
        { "(=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=)", "(ab)" },
        { "(=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=)", "(ab)" },
        { "(=?ISO-8859-1?Q?a?=\r\n    =?ISO-8859-1?Q?b?=)", "(ab)" },
        { "(=?ISO-8859-1?Q?a_b?=)", "(a b)" },
        { "(=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=)", "(a b)" },
        { "=?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>", "Keith Moore <moore@cs.utk.edu>" },
        { "=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>", "Keld Jørn Simonsen <keld@dkuug.dk>" },
        { "=?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>", "André Pirard <PIRARD@vm1.ulg.ac.be>" },
        {
            "=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=\r\n    =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=",
            "If you can read this you understand the example."
        },
        {
            "Nathaniel Borenstein <nsb@thumper.bellcore.com>\r\n    (=?iso-8859-8?b?7eXs+SDv4SDp7Oj08A==?=)",
            "Nathaniel Borenstein <nsb@thumper.bellcore.com>      (\u05dd\u05d5\u05dc\u05e9 \u05df\u05d1 \u05d9\u05dc\u05d8\u05e4\u05e0)"
        },
        { "=?US-ASCII*EN?Q?Keith_Moore?= <moore@cs.utk.edu>", "Keith Moore <moore@cs.utk.edu>" },
    };

    public static TheoryData<string, string> Decodable => new()
    {
        // B and Q, upper and lower case, in every charset family supported.
        { "=?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=", "Grüße aus Köln" },
        { "=?utf-8?b?4oKsIDEwMA==?=", "€ 100" },
        { "=?utf-8?q?extracted_recipients_=E2=9C=93?=", "extracted recipients ✓" },
        { "=?UTF-8?Q?=c3=a9t=C3=A9?=", "été" },
        { "=?iso-8859-15?q?Prix_=A4_100?=", "Prix € 100" },
        { "=?ISO-8859-1?Q?Prix_=A4_100?=", "Prix ¤ 100" },
        { "=?latin1?Q?caf=E9?=", "café" },
        { "=?iso8859-15?Q?=BD?=", "œ" },
        { "=?ISO-8859-2?Q?=A3=F3d=BC?=", "Łódź" },
        { "=?windows-1252?Q?=80_=93quoted=94?=", "€ “quoted”" },
        { "=?CP1252?B?gA==?=", "€" },
        { "=?us-ascii?q?plain?=", "plain" },
        { "=?ISO-8859-7?B?4eLj?=", "αβγ" },
        { "=?ISO-8859-5?Q?=B0?=", "А" },

        // Whitespace: dropped between adjacent words (also across folding), kept next to text.
        { "=?UTF-8?Q?a?= =?UTF-8?Q?b?=", "ab" },
        { "=?UTF-8?Q?a?=\n\t=?UTF-8?Q?b?=", "ab" },
        { "=?UTF-8?Q?a?==?UTF-8?Q?b?=", "ab" },
        { "=?UTF-8?Q?a?=  b", "a  b" },
        { "a\t =?UTF-8?Q?b?=", "a  b" },
        { "a =?UTF-8?Q?b?= c =?UTF-8?Q?d?= e", "a b c d e" },
        { "=?ISO-8859-1?Q?=E9?= =?UTF-8?Q?=C3=A9?=", "éé" },
        { "=?UTF-8?Q?report?=.pdf", "report.pdf" },
        { "Re: [list] =?UTF-8?B?w6k=?=", "Re: [list] é" },

        // A UTF-8 sequence split across adjacent words of the same charset and encoding decodes
        // whole; split by text, each half is a replacement character.
        { "=?UTF-8?B?w6k=?= =?UTF-8?B?w6nD?=\n =?UTF-8?B?qQ==?=", "ééé" },
        { "=?UTF-8?Q?=C3?= =?utf8?q?=A9?=", "é" },
        { "=?UTF-8?Q?=E2=82?==?UTF-8?Q?=AC?=", "€" },
        { "=?UTF-8?Q?=C3?= x =?UTF-8?Q?=A9?=", "\uFFFD x \uFFFD" },

        // Lenient where nothing is ambiguous: a word without padding, an empty word.
        { "=?UTF-8?B?4oKs?=", "€" },
        { "x=?UTF-8?Q??=y", "xy" },

        // Decoding never makes a value span lines or carry controls.
        { "=?UTF-8?Q?a=0D=0Ab?=", "a  b" },
        { "=?UTF-8?Q?a=09b=00c=7F?=", "a b\uFFFDc\uFFFD" },
        { "=?ISO-8859-1?Q?=85?=", "\uFFFD" },
        { "=?UTF-8?Q?=FF?=", "\uFFFD" },
    };

    /// <summary>
    /// Malformed or unsupported words. MimeKit is lenient with them, as mail readers are (an
    /// unknown charset is read as UTF-8 or Latin-1, a broken word mostly decoded), so what
    /// matters here is what we add: the result is one line without control characters.
    /// </summary>
    public static TheoryData<string> Malformed => new()
    {
        "",
        "plain subject",
        "=?",
        "?=",
        "=??=",
        "=?UTF-8?B?w6k*?=",
        "=?UTF-8?B?w?=",
        "=?UTF-8?B?w6k=w6k=?=",
        "=?UTF-8?B?=?=",
        "=?UTF-8?Q?=G1?=",
        "=?UTF-8?Q?abc=?=",
        "=?UTF-8?Q?abc=4?=",
        "=?x-unknown?Q?abc?=",
        "=?ISO-8859-10?Q?abc?=",
        "=?ISO-8859-14?Q?abc?=",
        "=?ISO-8859-16?Q?abc?=",
        "=?ISO-8859-?Q?abc?=",
        "=?koi8-r?Q?abc?=",
        "=?UTF-16?B?AGEAYg==?=",
        "=?UTF-8?Q?abc",
        "=?UTF-8?Q?abc?",
        "=?UTF-8?Q?abc?x",
        "=?UTF-8?X?abc?=",
        "=?UTF-8?QQ?abc?=",
        "=?UTF-8??abc?=",
        "=??Q?abc?=",
        "=?*en?Q?abc?=",
        "=?UTF-8?Q?a b?=",
        "=?UTF 8?Q?ab?=",
        "=?UTF-8?Q?caf\u00e9?=",
        "=?UTF-8\u00e9?Q?ab?=",
        "=?UTF-8?Q?a\tb?=",
        "=?UTF-8?Q?a\r\n b?=",
        "=?a-charset-name-much-longer-than-any-real-one?Q?abc?=",
    };

    [Theory]
    [MemberData(nameof(Rfc2047Examples))]
    public void Decode_Rfc2047Example_Decodes(string input, string expected) =>
        Assert.Equal(expected, HeaderText.Decode(input));

    [Theory]
    [MemberData(nameof(Decodable))]
    public void Decode_EncodedWords_Decodes(string input, string expected) =>
        Assert.Equal(expected, HeaderText.Decode(input));

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Decode_BrokenOrUnsupportedWord_OneLineWithoutControls(string input)
    {
        var decoded = HeaderText.Decode(input);

        Assert.DoesNotContain(decoded, char.IsControl);
    }

    [Theory]
    [InlineData("plain subject")]
    [InlineData("=?")]
    [InlineData("?=")]
    [InlineData("=??=")]
    [InlineData("=?UTF-8?Q?abc")]
    [InlineData("=?UTF-8?Q?abc?")]
    [InlineData("=?UTF-8?X?abc?=")]
    [InlineData("=?UTF-8?QQ?abc?=")]
    [InlineData("=?UTF-8??abc?=")]
    [InlineData("=?UTF 8?Q?ab?=")]
    [InlineData("=?ISO_8859-1:1987?Q?caf=E9?=")]
    public void Decode_NoEncodedWord_LeftExactlyAsWritten(string input) =>
        Assert.Equal(input, HeaderText.Decode(input));

    [Theory]
    [InlineData("=?UTF-8?Q?a?= =?UTF-8?B?*?= =?UTF-8?Q?b?=", "ab")]
    [InlineData("=?UTF-8?Q?a?= =?UTF-8?Q?b?= =?UTF-8?X?z?=", "ab =?UTF-8?X?z?=")]
    [InlineData("=?UTF-8?Q?x?==?", "x=?")]
    public void Decode_BrokenWordAmongGoodOnes_GoodOnesDecoded(string input, string expected) =>
        Assert.Equal(expected, HeaderText.Decode(input));

    [Fact]
    public void Decode_Null_ReturnsEmpty() => Assert.Equal("", HeaderText.Decode(null!));

    [Fact]
    public void Decode_OverTheCap_ReturnedAsItIs()
    {
        var input = string.Concat(Enumerable.Repeat("=?UTF-8?Q?a?= ", 1024 * 1024 / 14));
        Assert.True(input.Length > HeaderText.MaxInputLength);

        Assert.Same(input, HeaderText.Decode(input));
    }

    [Theory]
    [InlineData("=?")]
    [InlineData("=?a?q?")]
    [InlineData("=?UTF-8?Q?a?=")]
    [InlineData("=?UTF-8?B?w6")]
    [InlineData("=?=?=?")]
    public void Decode_PathologicalInputAtTheCap_StaysLinear(string unit)
    {
        var input = string.Concat(Enumerable.Repeat(unit, HeaderText.MaxInputLength / unit.Length));
        var clock = Stopwatch.StartNew();

        _ = HeaderText.Decode(input);

        // Quadratic work on 128 Ki characters would take minutes; linear work takes milliseconds.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Decode_RandomMutations_NeverThrow()
    {
        string[] seeds =
        [
            .. FirstColumn(Rfc2047Examples),
            .. FirstColumn(Decodable),
            .. FirstColumn(Malformed),
        ];
        Seeded.Check(nameof(Decode_RandomMutations_NeverThrow), 2000, 50_000,
            random => new Mutator(random.Next()).Mutate(seeds[random.Next(seeds.Length)]),
            input =>
            {
                var decoded = HeaderText.Decode(input);
                if (!input.Contains("=?", StringComparison.Ordinal))
                {
                    Assert.Equal(input, decoded);
                }
            },
            Mutator.Show);
    }

    private static IEnumerable<string> FirstColumn(IEnumerable<object[]> rows) => rows.Select(row => (string)row[0]);

    [Fact]
    public void Decode_SubjectFromRealPostcatOutput_Decodes()
    {
        // As postcat printed it (tests/corpus/postcat/batch.stdout.txt), unfolded by PostcatOutput.
        const string subject = "=?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?= =?ISO-8859-1?Q?_und_M=FCnchen?=";

        Assert.Equal("Grüße aus Köln und München", HeaderText.Decode(subject));
    }
}
