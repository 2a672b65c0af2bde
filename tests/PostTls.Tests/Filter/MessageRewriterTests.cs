using System.Text;
using PostTls.Filter;
using PostTls.Tagging;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Filter;

public sealed class MessageRewriterTests
{
    private const string FixedTag = "abcdefghijklmnop.qrstuvwxyz234567";

    public static TheoryData<string> Corpus => FilterCorpus.Names;

    [Fact]
    public void Corpus_EveryMessageFile_IsListedWithAnExpectedOutput()
    {
        var files = Directory.GetFiles(FilterCorpus.Directory, "*.eml")
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.True(files.Length >= 22, $"only {files.Length} corpus messages");
        Assert.Equal(FilterCorpus.Cases.Keys.Order(StringComparer.Ordinal), files);
        foreach (var name in files)
        {
            var (_, suffix) = FilterCorpus.Split(FilterCorpus.RawExpected(name));
            Assert.True((suffix is not null) == (FilterCorpus.Cases[name].Decision == TagDecision.Tag),
                $"{name}.expected: the placeholder line must be there exactly when the message is tagged");
        }
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Rewrite_CorpusMessage_MatchesExpectedBytes(string name)
    {
        var input = FilterCorpus.Input(name);
        var (decision, removed) = FilterCorpus.Cases[name];
        using var output = new MemoryStream();

        var outcome = MessageRewriter.Rewrite(new MemoryStream(input), output, FilterCorpus.Sender, () => FixedTag);

        ByteAssert.Equal(FilterCorpus.Expected(name, FixedTag), output.ToArray());
        Assert.Equal(decision, outcome.Decision);
        Assert.Equal(decision == TagDecision.Tag ? FixedTag : null, outcome.Tag);
        Assert.Equal(removed, outcome.RemovedFields);
        Assert.Equal(input.Length, outcome.Size);
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Rewrite_CorpusMessageReadOneByteAtATime_MatchesExpectedBytes(string name)
    {
        var input = FilterCorpus.Input(name);
        using var output = new MemoryStream();

        var outcome = MessageRewriter.Rewrite(new OneByteStream(input), output, FilterCorpus.Sender, () => FixedTag);

        ByteAssert.Equal(FilterCorpus.Expected(name, FixedTag), output.ToArray());
        Assert.Equal(input.Length, outcome.Size);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<>")]
    public void Rewrite_NullSender_PassesUntaggedAndStillRemovesForgedFields(string sender)
    {
        var input = "From: MAILER-DAEMON@example.org\nX-PostTLS-ID: forged\nSubject: Undelivered Mail\n\nbounce\n"u8.ToArray();
        using var output = new MemoryStream();

        var outcome = MessageRewriter.Rewrite(new MemoryStream(input), output, sender,
            () => throw new InvalidOperationException("no tag for the null sender"));

        Assert.Equal(TagDecision.NullSender, outcome.Decision);
        Assert.Null(outcome.Tag);
        Assert.Equal(1, outcome.RemovedFields);
        ByteAssert.Equal("From: MAILER-DAEMON@example.org\nSubject: Undelivered Mail\n\nbounce\n"u8.ToArray(), output.ToArray());
    }

    [Theory]
    [InlineData("no", true)]
    [InlineData("No", true)]
    [InlineData("NO", true)]
    [InlineData("no (a person typed this)", true)]
    [InlineData("no; param=1", true)]
    [InlineData("no\n\t(folded comment)", true)]
    [InlineData("auto-generated", false)]
    [InlineData("auto-replied", false)]
    [InlineData("auto-notified", false)]
    [InlineData("Auto-Generated (vacation)", false)]
    [InlineData("nope", false)]
    [InlineData("", false)]
    public void Rewrite_AutoSubmittedValue_DecidesTagging(string value, bool tagged)
    {
        var input = Encoding.ASCII.GetBytes($"From: a@example.org\nAuto-Submitted: {value}\n\nbody\n");
        using var output = new MemoryStream();

        var outcome = MessageRewriter.Rewrite(new MemoryStream(input), output, FilterCorpus.Sender, () => FixedTag);

        Assert.Equal(tagged ? TagDecision.Tag : TagDecision.AutoSubmitted, outcome.Decision);
    }

    [Theory]
    [InlineData("Auto-Submitted: auto-generated\nAuto-Submitted: no\n")]
    [InlineData("Auto-Submitted: no\nauto-submitted: auto-replied\n")]
    [InlineData("AUTO-SUBMITTED : auto-generated\n")]
    public void Rewrite_AnyAutomaticAutoSubmittedField_LeavesUntagged(string fields)
    {
        var input = Encoding.ASCII.GetBytes("From: a@example.org\n" + fields + "\nbody\n");
        using var output = new MemoryStream();

        var outcome = MessageRewriter.Rewrite(new MemoryStream(input), output, FilterCorpus.Sender, () => FixedTag);

        Assert.Equal(TagDecision.AutoSubmitted, outcome.Decision);
        ByteAssert.Equal(input, output.ToArray());
    }

    [Fact]
    public void Rewrite_CreateTag_IsCalledOncePerTaggedMessage()
    {
        var calls = 0;
        using var output = new MemoryStream();

        MessageRewriter.Rewrite(new MemoryStream("Subject: x\n\nbody\n"u8.ToArray()), output, FilterCorpus.Sender, () =>
        {
            calls++;
            return FixedTag;
        });

        Assert.Equal(1, calls);
    }

    [Fact]
    public void Rewrite_RealTag_VerifiesWithTheKey()
    {
        var key = Enumerable.Range(0, SecretKey.Length).Select(i => (byte)i).ToArray();
        using var output = new MemoryStream();

        var outcome = MessageRewriter.Rewrite(new MemoryStream("Subject: x\n\nbody\n"u8.ToArray()), output,
            FilterCorpus.Sender, () => MessageTag.Create(key, FilterCorpus.Sender, DateTimeOffset.UtcNow));

        Assert.Equal(TagStatus.Valid, MessageTag.Check(key, outcome.Tag, FilterCorpus.Sender, DateTimeOffset.UtcNow, TimeSpan.FromHours(1)));
        Assert.StartsWith($"X-PostTLS-ID: {outcome.Tag}\nSubject: x\n", Encoding.ASCII.GetString(output.ToArray()), StringComparison.Ordinal);
    }

    /// <summary>
    /// A message that starts with a continuation line (a line beginning with SP or TAB): a tag
    /// line written on top would become the field that line continues ("X-PostTLS-ID: TAG
    /// stray text", which no longer verifies), so the message passes untagged and unchanged.
    /// </summary>
    [Theory]
    [InlineData(" stray continuation\nFrom: a@example.org\n\nbody\n")]
    [InlineData("\tstray continuation\r\nFrom: a@example.org\r\n\r\nbody\r\n")]
    public void Rewrite_MessageStartingWithContinuationLine_PassesUntaggedAndUnchanged(string message)
    {
        using var output = new MemoryStream();

        var outcome = MessageRewriter.Rewrite(new MemoryStream(Encoding.ASCII.GetBytes(message)), output, FilterCorpus.Sender, () => FixedTag);

        Assert.Equal(TagDecision.MalformedHeader, outcome.Decision);
        Assert.Null(outcome.Tag);
        Assert.Equal(Encoding.ASCII.GetBytes(message), output.ToArray());
    }

    /// <summary>
    /// Issue 10: a header block over the limit used to pass unchanged, forged fields and all. It
    /// passes untagged, with every X-PostTLS-* field removed and every other byte as it was.
    /// </summary>
    [Fact]
    public void Rewrite_HeaderBlockOverLimit_PassesUntaggedWithForgedFieldsRemoved()
    {
        var header = string.Concat(Enumerable.Range(0, 20).Select(i => $"X-Filler-{i}: {new string('v', 40)}\n"));
        var input = Encoding.ASCII.GetBytes(header + "X-PostTLS-ID: forged\n\nbody\nX-PostTLS-ID: in the body\n");
        using var output = new MemoryStream();

        var outcome = MessageRewriter.Rewrite(new MemoryStream(input), output, FilterCorpus.Sender,
            () => throw new InvalidOperationException("no tag when the header block is too large"), headerLimit: 256);

        Assert.Equal(TagDecision.HeaderTooLarge, outcome.Decision);
        Assert.Null(outcome.Tag);
        Assert.Equal(1, outcome.RemovedFields);
        Assert.Equal(input.Length, outcome.Size);
        ByteAssert.Equal(Encoding.ASCII.GetBytes(header + "\nbody\nX-PostTLS-ID: in the body\n"), output.ToArray());
    }

    [Fact]
    public void Rewrite_HeaderBlockOverLimitWithoutOurFieldsReadOneByteAtATime_PassesEverythingThroughUnchanged()
    {
        var input = Encoding.ASCII.GetBytes("Subject: " + new string('s', 300) + "\n\nbody\n");
        using var output = new MemoryStream();

        var outcome = MessageRewriter.Rewrite(new OneByteStream(input), output, FilterCorpus.Sender, () => FixedTag, headerLimit: 100);

        Assert.Equal(TagDecision.HeaderTooLarge, outcome.Decision);
        ByteAssert.Equal(input, output.ToArray());
    }

    /// <summary>
    /// A 50 MB message goes through while the rewriter allocates a small, fixed amount: the
    /// body is streamed, never buffered. Allocations are counted on this thread only, so
    /// tests running in parallel do not disturb the measurement.
    /// </summary>
    [Fact]
    public void Rewrite_FiftyMegabyteMessage_StreamsWithoutBufferingTheBody()
    {
        const long bodyLength = 50L * 1024 * 1024;
        var header = "From: alice@example.org\nTo: bob@example.net\nX-PostTLS-ID: forged\nSubject: big\n\n"u8.ToArray();
        var forgedLineLength = "X-PostTLS-ID: forged\n".Length;
        var tagLineLength = $"X-PostTLS-ID: {FixedTag}\n".Length;
        var input = new GeneratedMessageStream(header, bodyLength);
        var output = new CountingNullStream(keepFirst: 64);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var outcome = MessageRewriter.Rewrite(input, output, FilterCorpus.Sender, () => FixedTag);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(input.Length, outcome.Size);
        Assert.Equal(input.Length + tagLineLength - forgedLineLength, output.Written);
        Assert.StartsWith($"X-PostTLS-ID: {FixedTag}\nFrom: ", Encoding.ASCII.GetString(output.First), StringComparison.Ordinal);
        Assert.True(allocated < 8 * 1024 * 1024, $"allocated {allocated} bytes for a {input.Length}-byte message");
    }
}
