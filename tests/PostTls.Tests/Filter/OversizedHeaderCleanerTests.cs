using System.Text;
using PostTls.Filter;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Filter;

/// <summary>
/// The cleaner for header blocks over the limit, on the byte level: every X-PostTLS-* field goes
/// with its continuation lines, every other byte stays, the first non-header line ends the
/// header, and nothing is held but the start of one line.
/// </summary>
public sealed class OversizedHeaderCleanerTests
{
    private const int Limit = 64;

    /// <summary>Input → expected output, with the limit so small that every case streams.</summary>
    public static TheoryData<string, string, string, int> Cases => new()
    {
        { "one forged field", "A: 1\nX-PostTLS-ID: forged\nB: 2\n\nbody\n", "A: 1\nB: 2\n\nbody\n", 1 },
        { "CRLF", "A: 1\r\nX-PostTLS-ID: forged\r\nB: 2\r\n\r\nbody\r\n", "A: 1\r\nB: 2\r\n\r\nbody\r\n", 1 },
        { "folded, with its continuation lines", "A: 1\nx-posttls-release: [mx.evil]\n\tmore\n  and more\nB: 2\n\nbody\n", "A: 1\nB: 2\n\nbody\n", 1 },
        { "blank before the colon", "X-POSTTLS-Id \t: forged\nA: 1\n\nbody\n", "A: 1\n\nbody\n", 1 },
        { "several, first and last", "X-PostTLS-A: 1\nA: 1\nX-PostTLS-B: 2\n\nbody\n", "A: 1\n\nbody\n", 2 },
        { "in the body stays", "A: 1\n\nX-PostTLS-ID: body text\n", "A: 1\n\nX-PostTLS-ID: body text\n", 0 },
        { "after a non-header line stays", "A: 1\nnot a header line\nX-PostTLS-ID: x\n", "A: 1\nnot a header line\nX-PostTLS-ID: x\n", 0 },
        { "no final newline", "A: 1\nX-PostTLS-ID: forged", "A: 1\n", 1 },
        { "no body", "A: 1\nX-PostTLS-ID: forged\n", "A: 1\n", 1 },
        { "mbox From line first", "From alice Sun Nov 22 10:00:00 2026\nX-PostTLS-ID: forged\nA: 1\n\nb\n", "From alice Sun Nov 22 10:00:00 2026\nA: 1\n\nb\n", 1 },
        { "stray continuation at the top stays", " stray\nX-PostTLS-ID: forged\nA: 1\n\nb\n", " stray\nA: 1\n\nb\n", 1 },
        { "a name that only starts like ours", "X-PostTLS: no dash after it\nX-PostTLSID: neither\n\nb\n", "X-PostTLS: no dash after it\nX-PostTLSID: neither\n\nb\n", 0 },
        { "8-bit bytes and NULs elsewhere", "S: \u00ff\0\nX-PostTLS-ID: \u00e9\n\n\0\u0080\n", "S: \u00ff\0\n\n\0\u0080\n", 1 },
        { "a non-ASCII name ends the header", "S\u00e4: 1\nX-PostTLS-ID: x\n", "S\u00e4: 1\nX-PostTLS-ID: x\n", 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Copy_OversizedHeader_RemovesOurFieldsOnly(string name, string input, string expected, int removed)
    {
        foreach (var oneByte in new[] { false, true })
        {
            var (output, outcome) = Rewrite(Encoding.Latin1.GetBytes(input), oneByte);

            Assert.True(outcome.Decision == TagDecision.HeaderTooLarge, name);
            Assert.Equal(input.Length, outcome.Size);
            ByteAssert.Equal(Encoding.Latin1.GetBytes(expected), output);
            Assert.Equal(removed, outcome.RemovedFields);
        }
    }

    /// <summary>
    /// The cases above with a long field put in (after a leading mbox From line or stray
    /// continuation, which must stay first), so that the header block is over the limit; the
    /// output is given back without it.
    /// </summary>
    private static (byte[] Output, FilterOutcome Outcome) Rewrite(byte[] input, bool oneByte)
    {
        var padding = Encoding.ASCII.GetBytes("X-Pad: " + new string('p', Limit) + "\n");
        var at = input.AsSpan().StartsWith("From "u8) || input[0] == ' ' ? input.AsSpan().IndexOf((byte)'\n') + 1 : 0;
        byte[] padded = [.. input.AsSpan(0, at), .. padding, .. input.AsSpan(at)];
        using var output = new MemoryStream();
        Stream source = oneByte ? new OneByteStream(padded) : new MemoryStream(padded);
        var outcome = MessageRewriter.Rewrite(source, output, FilterCorpus.Sender, () => "never", Limit);
        var bytes = output.ToArray();
        ByteAssert.Equal(padding, bytes[at..(at + padding.Length)]);
        return ([.. bytes.AsSpan(0, at), .. bytes.AsSpan(at + padding.Length)], outcome with { Size = outcome.Size - padding.Length });
    }

    /// <summary>Lines far longer than any buffer: a forged field with a huge value goes whole, a huge legitimate one stays whole.</summary>
    [Fact]
    public void Copy_FieldsLongerThanTheBuffer_KeptOrRemovedWhole()
    {
        var huge = new string('v', 3 * OversizedHeaderCleaner.NameWindow);
        var input = Encoding.ASCII.GetBytes($"A: {huge}\nX-PostTLS-ID: {huge}\n\t{huge}\nB: {huge}\n\nbody\n");
        using var output = new MemoryStream();

        var outcome = MessageRewriter.Rewrite(new MemoryStream(input), output, FilterCorpus.Sender, () => "never", Limit);

        Assert.Equal(1, outcome.RemovedFields);
        ByteAssert.Equal(Encoding.ASCII.GetBytes($"A: {huge}\nB: {huge}\n\nbody\n"), output.ToArray());
    }

    /// <summary>
    /// A line that starts with more name characters than the window, without a colon, is body for
    /// Postfix's cleanup too: it ends the header, and what follows is copied unexamined.
    /// </summary>
    [Fact]
    public void Copy_NameLongerThanTheWindow_EndsTheHeader()
    {
        var name = new string('n', OversizedHeaderCleaner.NameWindow + 1);
        var input = Encoding.ASCII.GetBytes($"A: {new string('v', Limit)}\nX-PostTLS-{name}: x\nX-PostTLS-ID: after\n\nbody\n");
        using var output = new MemoryStream();

        var outcome = MessageRewriter.Rewrite(new MemoryStream(input), output, FilterCorpus.Sender, () => "never", Limit);

        Assert.Equal(0, outcome.RemovedFields);
        ByteAssert.Equal(input, output.ToArray());
    }

    /// <summary>
    /// A 20 MB header block (over the 1 MiB limit) followed by a 30 MB body streams through while
    /// the rewriter allocates a small, fixed amount: nothing is held but the reader's block and one line start.
    /// </summary>
    [Fact]
    public void Copy_FiftyMegabytesWithHugeHeader_StreamsWithoutBufferingIt()
    {
        const long headerBytes = 20L * 1024 * 1024;
        const long bodyBytes = 30L * 1024 * 1024;
        var line = Encoding.ASCII.GetBytes("X-Filler: " + new string('f', 1000) + "\n");
        var forged = "X-PostTLS-ID: forged\n"u8.ToArray();
        var lines = (int)(headerBytes / line.Length);
        var head = new MemoryStream();
        for (var i = 0; i < lines; i++)
        {
            head.Write(i == lines / 2 ? forged : line);
        }

        head.Write("\n"u8);
        var input = new GeneratedMessageStream(head.ToArray(), bodyBytes);
        var output = new CountingNullStream();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var outcome = MessageRewriter.Rewrite(input, output, FilterCorpus.Sender, () => "never");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(TagDecision.HeaderTooLarge, outcome.Decision);
        Assert.Equal(1, outcome.RemovedFields);
        Assert.Equal(head.Length + bodyBytes - forged.Length, output.Length);
        Assert.True(allocated < 4 * 1024 * 1024, $"allocated {allocated} bytes");
    }
}
