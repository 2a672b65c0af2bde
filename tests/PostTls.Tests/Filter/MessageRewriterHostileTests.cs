using System.Text;
using PostTls.Filter;
using PostTls.Headers;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Filter;

/// <summary>
/// The filter's header reader and rewriter on generated damage to the corpus messages: any
/// byte sequence may arrive from a submitting client. Whatever arrives, the rewriter returns
/// (its only error path is the input stream failing), reads every byte, changes nothing but
/// our tag line and forged X-PostTLS-* fields, leaves the body as it was, and writes output
/// that reads back as the same decision. A header block over the limit loses the same fields,
/// cleaned while it streams, as it would have lost whole.
/// </summary>
public sealed class MessageRewriterHostileTests
{
    private const string FirstTag = "aaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbb";
    private const string SecondTag = "cccccccccccccccc.dddddddddddddddd";

    private static readonly string[] FilterFragments =
    [
        "X-PostTLS-ID: forged\n", "x-posttls-id:\n\tfolded\n", "X-PostTLS-", "X-PostTLS-ID : spaced\r\n", "From ",
        "Auto-Submitted: auto-generated\n", "Auto-Submitted: no\n", "\n\n", "\r\n\r\n", "\n\t", ": ", "\u0080\u00ff",
    ];

    private static readonly string[] Names = [.. FilterCorpus.Cases.Keys.Order(StringComparer.Ordinal)];

    private sealed record Case(byte[] Input, byte[] Body, string Sender, int Limit, bool OneByteReads);

    [Fact]
    public void Rewrite_MutatedCorpusMessages_ChangeOnlyOurFieldsAndKeepTheBody()
    {
        var ran = Seeded.Check(nameof(MessageRewriterHostileTests), 300, 20_000, Generate, Check,
            c => $"sender <{c.Sender}>, limit {c.Limit}, one-byte reads {c.OneByteReads}: {Mutator.Show(c.Input)}");

        Assert.True(ran > 0);
    }

    private static Case Generate(Random random)
    {
        var mutator = new Mutator(random.Next(), FilterFragments);
        var head = mutator.Mutate(FilterCorpus.Input(Names[random.Next(Names.Length)]));

        // The body: after a blank line we add ourselves, so it stays body whatever the head became.
        var body = mutator.Mutate(Encoding.Latin1.GetBytes("X-PostTLS-ID: in the body\n\0\r\nline\u00e9\n"));
        byte[] input = [.. head, (byte)'\n', (byte)'\n', .. body];
        var sender = random.Next(10) switch
        {
            0 => "",
            1 => "<>",
            _ => FilterCorpus.Sender,
        };
        var limit = random.Next(3) == 0 ? random.Next(16, 4096) : HeaderBlockReader.DefaultLimit;
        // One-byte reads only for short inputs: the reader rescans a partial line after each
        // read, which is quadratic for a long line read byte by byte (pipes deliver chunks).
        return new Case(input, body, sender, limit, input.Length < 4096 && random.Next(4) == 0);
    }

    private static void Check(Case c)
    {
        var (first, output) = Rewrite(c.Input, c, FirstTag, c.Limit);

        Assert.Equal(c.Input.Length, first.Size);
        Assert.True(output.AsSpan().EndsWith([(byte)'\n', .. c.Body]), "the body changed");
        if (first.Decision == TagDecision.HeaderTooLarge)
        {
            // Cleaned while streaming, untagged: exactly the fields the whole-block path removes.
            var (whole, wholeOutput) = Rewrite(c.Input, c, FirstTag, HeaderBlockReader.DefaultLimit);
            Assert.NotEqual(TagDecision.HeaderTooLarge, whole.Decision);
            Assert.Equal(whole.RemovedFields, first.RemovedFields);
            ByteAssert.Equal(WithoutTagLine(wholeOutput, whole), output);
            return;
        }

        var untagged = WithoutTagLine(output, first);
        Assert.Equal(first.RemovedFields, CountRemovedFields(c.Input, untagged));

        // What the filter wrote reads back as a whole header block: filtered again (the limit
        // leaves room for the tag line), only our own tag line goes, and nothing else changes.
        var (second, again) = Rewrite(output, c, SecondTag, c.Limit + 64);
        Assert.Equal(first.Decision, second.Decision);
        Assert.Equal(first.Tag is null ? 0 : 1, second.RemovedFields);
        var expected = first.Tag is null ? output : Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(output).Replace(FirstTag, SecondTag, StringComparison.Ordinal));
        ByteAssert.Equal(expected, again);
    }

    private static (FilterOutcome Outcome, byte[] Output) Rewrite(byte[] input, Case c, string tag, int limit)
    {
        using var output = new MemoryStream();
        Stream source = c.OneByteReads ? new OneByteStream(input) : new MemoryStream(input);
        var outcome = MessageRewriter.Rewrite(source, output, c.Sender, () => tag, limit);
        Assert.Equal(outcome.Decision == TagDecision.Tag ? tag : null, outcome.Tag);
        return (outcome, output.ToArray());
    }

    /// <summary>The output without our tag line, which must start a line and come before every field.</summary>
    private static byte[] WithoutTagLine(byte[] output, FilterOutcome outcome)
    {
        if (outcome.Tag is null)
        {
            Assert.Equal(-1, ByteAssert.IndexOf(output, FirstTag));
            return output;
        }

        var at = ByteAssert.IndexOf(output, "X-PostTLS-ID: " + outcome.Tag);
        Assert.True(at == 0 || (output[at - 1] == '\n' && output.AsSpan(0, at).StartsWith("From "u8) && output.AsSpan(0, at - 1).IndexOf((byte)'\n') < 0),
            "the tag line is not the first header line");
        var end = output.AsSpan(at).IndexOf((byte)'\n') + at + 1;
        return [.. output.AsSpan(0, at), .. output.AsSpan(end)];
    }

    /// <summary>
    /// Lines of the input and the output side by side: every line that differs must begin an
    /// X-PostTLS-* field, which goes whole (with its continuation lines). Returns how many went.
    /// </summary>
    private static int CountRemovedFields(byte[] input, byte[] output)
    {
        var before = Lines(input);
        var after = Lines(output);
        int i = 0, j = 0, removed = 0;
        while (i < before.Count)
        {
            if (j < after.Count && before[i].SequenceEqual(after[j]))
            {
                i++;
                j++;
                continue;
            }

            Assert.True(HeaderPolicy.IsOurs(before[i].AsSpan(0, Math.Min(before[i].Length, "X-PostTLS-".Length))),
                $"input line {i + 1} changed or went missing: {ByteAssert.Show(before[i])}");
            removed++;
            i++;
            while (i < before.Count && before[i] is [(byte)' ' or (byte)'\t', ..])
            {
                i++;
            }
        }

        Assert.Equal(after.Count, j);
        return removed;
    }

    private static List<byte[]> Lines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        while (start < bytes.Length)
        {
            var newline = bytes.AsSpan(start).IndexOf((byte)'\n');
            var end = newline < 0 ? bytes.Length : start + newline + 1;
            lines.Add(bytes[start..end]);
            start = end;
        }

        return lines;
    }
}
