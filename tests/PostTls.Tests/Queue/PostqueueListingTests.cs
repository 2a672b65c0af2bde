using System.Text;
using PostTls.Queue;

namespace PostTls.Tests.Queue;

public sealed class PostqueueListingTests
{
    private static string Line(string id, string sender = "a@posttls.test", string reason = "TLS is required") =>
        $$"""{"queue_name": "deferred", "queue_id": "{{id}}", "arrival_time": 1795339110, "message_size": 261, "sender": "{{sender}}", "recipients": [{"address": "b@example.test", "delay_reason": "{{reason}}"}]}""";

    /// <summary>Three messages, multi-byte text, an escape, a garbage line, an empty line, CRLF, no newline at the end.</summary>
    private static readonly byte[] Sample = Encoding.UTF8.GetBytes(
        Line("AAAAAAAAAA1", "\u00e9l\u00e8ve@posttls.test") + "\n" +
        "<html>502 Bad Gateway</html>\n" +
        "\n" +
        Line("AAAAAAAAAA2", reason: "said: \\\"550 \u4e2d\\\"") + "\r\n" +
        Line("AAAAAAAAAA3"));

    [Fact]
    public void Add_SplitAtEveryByte_SameAsInOnePiece()
    {
        var whole = Read([Sample]);
        Assert.Equal(["AAAAAAAAAA1", "AAAAAAAAAA2", "AAAAAAAAAA3"], whole.Messages.Keys.Order());
        Assert.Single(whole.Problems);

        for (var cut = 0; cut <= Sample.Length; cut++)
        {
            var split = Read([Sample[..cut], Sample[cut..]]);
            AssertSame(whole, split);
        }

        AssertSame(whole, Read(Sample.Select(b => new[] { b }).ToArray()));
    }

    [Fact]
    public void Add_Lines_ReadAsTheDocumentPathReadsEach()
    {
        var listing = Read([Sample]);

        Assert.True(PostqueueJson.TryParseWithDocument(Line("AAAAAAAAAA2", reason: "said: \\\"550 \u4e2d\\\""), out var expected, out _));
        PostqueueJsonUtf8Tests.AssertSameMessage(expected, listing.Messages["AAAAAAAAAA2"]);
        Assert.Equal("\u00e9l\u00e8ve@posttls.test", listing.Messages["AAAAAAAAAA1"].Sender);
        Assert.StartsWith("not JSON: ", listing.Problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Finish_EmptyOutput_NoMessagesNoProblems()
    {
        var listing = Read([]);

        Assert.Empty(listing.Messages);
        Assert.Empty(listing.Problems);
    }

    [Fact]
    public void Finish_OnlyNewlinesAndBlanks_BlankLinesAreProblemsEmptyOnesNothing()
    {
        var listing = Read([Encoding.UTF8.GetBytes("\n\n \n\n")]);

        Assert.Empty(listing.Messages);
        Assert.Equal(["empty line"], listing.Problems);
    }

    [Fact]
    public void Finish_TruncatedLastLine_IsSkippedTheOthersKept()
    {
        var output = Encoding.UTF8.GetBytes(Line("AAAAAAAAAA1") + "\n" + Line("AAAAAAAAAA2")[..50]);

        var listing = Read([output]);

        Assert.Equal(["AAAAAAAAAA1"], listing.Messages.Keys);
        Assert.StartsWith("not JSON: ", Assert.Single(listing.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Add_HugeLineInSmallPieces_ReadWhole()
    {
        var sender = new string('s', 1 << 20) + "@posttls.test";
        var output = Encoding.UTF8.GetBytes(Line("AAAAAAAAAA1", sender) + "\n" + Line("AAAAAAAAAA2") + "\n");

        var listing = Read(output.Chunk(4093).ToArray());

        Assert.Equal(sender, listing.Messages["AAAAAAAAAA1"].Sender);
        Assert.Contains("AAAAAAAAAA2", listing.Messages.Keys);
        Assert.Empty(listing.Problems);
    }

    [Fact]
    public void Add_HugeGarbageLine_OneProblem()
    {
        var output = Encoding.UTF8.GetBytes(new string('{', 1 << 20) + "\n" + Line("AAAAAAAAAA1"));

        var listing = Read(output.Chunk(65536).ToArray());

        Assert.Equal(["AAAAAAAAAA1"], listing.Messages.Keys);
        Assert.Single(listing.Problems);
    }

    [Fact]
    public void Add_SameQueueIdTwice_TheLastLineWins()
    {
        var output = Encoding.UTF8.GetBytes(Line("AAAAAAAAAA1", "first@posttls.test") + "\n" + Line("AAAAAAAAAA1", "last@posttls.test") + "\n");

        var listing = Read([output]);

        Assert.Equal("last@posttls.test", Assert.Single(listing.Messages.Values).Sender);
    }

    private static PostqueueListing Read(byte[][] pieces)
    {
        var listing = new PostqueueListing();
        foreach (var piece in pieces)
        {
            listing.Add(piece);
        }

        listing.Finish();
        return listing;
    }

    private static void AssertSame(PostqueueListing expected, PostqueueListing actual)
    {
        Assert.Equal(expected.Problems, actual.Problems);
        Assert.Equal(expected.Messages.Keys.Order(), actual.Messages.Keys.Order());
        foreach (var (id, message) in expected.Messages)
        {
            PostqueueJsonUtf8Tests.AssertSameMessage(message, actual.Messages[id]);
        }
    }
}
