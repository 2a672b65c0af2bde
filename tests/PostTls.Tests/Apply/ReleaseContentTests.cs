using System.Text;
using PostTls.Apply;

namespace PostTls.Tests.Apply;

public sealed class ReleaseContentTests
{
    private const string NextHop = "[mx.example.test]:25";

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    private static string Text(byte[] bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>Stored message → expected copy for <see cref="NextHop"/> (Latin-1, so every byte value is one char).</summary>
    public static TheoryData<string, string, string> Copies => new()
    {
        {
            "LF",
            "Received: by x\n\tid 1\nSubject: hi\n\nbody\n",
            "X-PostTLS-Release: [mx.example.test]:25\nReceived: by x\n\tid 1\nSubject: hi\n\nbody\n"
        },
        {
            "CRLF",
            "Received: by x\r\nSubject: hi\r\n\r\nbody\r\n",
            "X-PostTLS-Release: [mx.example.test]:25\r\nReceived: by x\r\nSubject: hi\r\n\r\nbody\r\n"
        },
        {
            "8-bit header and body",
            "Subject: Gr\u00fc\u00dfe \u00ff\u0080\nFrom: a\n\n\u0000\u00ff\u00fe bytes\n\u0080\n",
            "X-PostTLS-Release: [mx.example.test]:25\nSubject: Gr\u00fc\u00dfe \u00ff\u0080\nFrom: a\n\n\u0000\u00ff\u00fe bytes\n\u0080\n"
        },
        {
            "forged field removed",
            "Received: by x\nX-PostTLS-Release: [evil.test]\nSubject: hi\n\nbody\n",
            "X-PostTLS-Release: [mx.example.test]:25\nReceived: by x\nSubject: hi\n\nbody\n"
        },
        {
            "every forged field removed, any case, folded, blank before colon",
            "x-posttls-release: a\nSubject: hi\nX-POSTTLS-RELEASE : b\n  folded\r\n\tagain\nX-PostTLS-Release:c\nTo: t\n\nbody\n",
            "X-PostTLS-Release: [mx.example.test]:25\nSubject: hi\nTo: t\n\nbody\n"
        },
        {
            "the last field of the header removed",
            "Subject: hi\r\nX-PostTLS-Release: [evil.test]\r\n\r\nbody\r\n",
            "X-PostTLS-Release: [mx.example.test]:25\r\nSubject: hi\r\n\r\nbody\r\n"
        },
        {
            "look-alikes kept",
            "X-PostTLS-Released: a\nX-PostTLS-ID: b\nX-PostTLS-Release-Note: c\nSubject: X-PostTLS-Release: d\n\nX-PostTLS-Release: in the body\n",
            "X-PostTLS-Release: [mx.example.test]:25\nX-PostTLS-Released: a\nX-PostTLS-ID: b\nX-PostTLS-Release-Note: c\nSubject: X-PostTLS-Release: d\n\nX-PostTLS-Release: in the body\n"
        },
        {
            "no body",
            "Subject: hi\n",
            "X-PostTLS-Release: [mx.example.test]:25\nSubject: hi\n"
        },
        {
            "no final newline",
            "Subject: hi\n\nbody without newline",
            "X-PostTLS-Release: [mx.example.test]:25\nSubject: hi\n\nbody without newline"
        },
        {
            "header block ended by a non-header line",
            "Subject: hi\nthis is body\nX-PostTLS-Release: kept in the body\n",
            "X-PostTLS-Release: [mx.example.test]:25\nSubject: hi\nthis is body\nX-PostTLS-Release: kept in the body\n"
        },
        {
            "dot lines and blank-looking lines in the body",
            "Subject: hi\n\n.\n..\n \n\t\nend\n",
            "X-PostTLS-Release: [mx.example.test]:25\nSubject: hi\n\n.\n..\n \n\t\nend\n"
        },
    };

    [Theory]
    [MemberData(nameof(Copies))]
    public void Build_StoredMessage_OneRoutingHeaderRestByteForByte(string why, string stored, string expected)
    {
        var copy = ReleaseContent.Build(Latin1(stored), NextHop);

        Assert.NotNull(copy);
        Assert.True(expected == Text(copy), $"{why}:\n{Text(copy)}");
    }

    [Theory]
    [MemberData(nameof(Copies))]
    public void Build_NoNextHop_NoRoutingHeaderAndForgedOnesStillRemoved(string why, string stored, string expected)
    {
        var copy = ReleaseContent.Build(Latin1(stored), nextHop: null);

        Assert.NotNull(copy);
        var withoutOurs = expected[(expected.IndexOf('\n', StringComparison.Ordinal) + 1)..];
        Assert.True(withoutOurs == Text(copy), $"{why}:\n{Text(copy)}");
    }

    [Fact]
    public void Build_LongLines_KeptWhole()
    {
        var longHeader = "X-Long: " + string.Join(' ', Enumerable.Range(0, 2000).Select(i => $"w{i}"));
        var longBody = new string('x', 100_000);
        var stored = $"{longHeader}\r\nSubject: hi\r\n\r\n{longBody}\r\n{longBody}";

        var copy = ReleaseContent.Build(Latin1(stored), NextHop);

        Assert.Equal($"X-PostTLS-Release: {NextHop}\r\n{stored}", Text(copy!));
    }

    [Fact]
    public void Build_LargeBody_CopiedWhole()
    {
        var body = new byte[3 * 1024 * 1024];
        new Random(7).NextBytes(body);
        var stored = Latin1("Subject: big\n\n").Concat(body).ToArray();

        var copy = ReleaseContent.Build(stored, NextHop)!;

        var header = Latin1($"X-PostTLS-Release: {NextHop}\n");
        Assert.Equal(header.Length + stored.Length, copy.Length);
        Assert.True(copy.AsSpan(header.Length).SequenceEqual(stored));
    }

    [Fact]
    public void Build_RoutingHeaderOnly_ExactlyOneLineAdded()
    {
        var stored = Latin1("Received: by x\nSubject: hi\n\nbody\n");

        var copy = Text(ReleaseContent.Build(stored, NextHop)!);

        Assert.Equal(1, copy.Split('\n').Count(l => l.StartsWith("X-PostTLS-Release:", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(Text(stored).Split('\n').Length + 1, copy.Split('\n').Length);
    }

    [Fact]
    public void Build_HeaderBlockTooLarge_Null()
    {
        var field = "X-Filler: " + new string('a', 990) + "\n";
        var stored = Latin1(string.Concat(Enumerable.Repeat(field, 1100)) + "\nbody\n");

        Assert.Null(ReleaseContent.Build(stored, NextHop));
        Assert.Null(ReleaseContent.Build(stored, nextHop: null));
    }

    [Fact]
    public void Build_HeaderBlockJustBelowTheLimit_Built()
    {
        var field = "X-Filler: " + new string('a', 990) + "\n";
        var stored = Latin1(string.Concat(Enumerable.Repeat(field, 1000)) + "\nbody\n");

        Assert.NotNull(ReleaseContent.Build(stored, NextHop));
    }

    [Fact]
    public void Build_Empty_OnlyTheRoutingHeader()
    {
        Assert.Equal($"X-PostTLS-Release: {NextHop}\n", Text(ReleaseContent.Build([], NextHop)!));
    }

    /// <summary>The release cleanup's pcre routes only the routing header's form: anything else must never be written.</summary>
    [Theory]
    [InlineData("mx1.example.test:587, mx2.example.test:587")]
    [InlineData("bücher.example.test")]
    [InlineData("[mx.example.test]:25 ")]
    public void Build_NextHopNotInTheRoutingHeadersForm_Throws(string nextHop) =>
        Assert.Throws<ArgumentException>(() => ReleaseContent.Build(Latin1("Subject: hi\n\nbody\n"), nextHop));

    /// <summary>
    /// The copy for the recipients that stay gets a fresh tag in place of the old one (issue 10):
    /// a message of its own, which the sweep tracks on its own record.
    /// </summary>
    [Theory]
    [InlineData("X-PostTLS-ID: aaaaaaaaaaaaaaaa.1795340986.bbbbbbbbbbbbbbbb\nSubject: hi\n\nX-PostTLS-ID: body\n",
        "X-PostTLS-ID: NEW\nSubject: hi\n\nX-PostTLS-ID: body\n")]
    [InlineData("Received: x\r\nx-posttls-id: old\r\n\tfolded\r\nX-PostTLS-ID : again\r\nSubject: hi\r\n\r\nb\r\n",
        "X-PostTLS-ID: NEW\r\nReceived: x\r\nSubject: hi\r\n\r\nb\r\n")]
    [InlineData("Subject: hi\n\nb\n", "X-PostTLS-ID: NEW\nSubject: hi\n\nb\n")]
    public void Build_KeptCopyWithFreshTag_ReplacesEveryTagField(string stored, string expected)
    {
        var copy = ReleaseContent.Build(Latin1(stored), nextHop: null, freshTag: "NEW");

        Assert.Equal(expected, Text(copy!));
    }

    [Fact]
    public void Build_WithoutFreshTag_KeepsTheTag()
    {
        const string stored = "X-PostTLS-ID: aaaaaaaaaaaaaaaa.1795340986.bbbbbbbbbbbbbbbb\nSubject: hi\n\nb\n";

        Assert.Equal(stored, Text(ReleaseContent.Build(Latin1(stored), nextHop: null)!));
    }
}
