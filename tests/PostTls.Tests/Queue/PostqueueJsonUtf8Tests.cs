using System.Text;
using PostTls.Queue;

namespace PostTls.Tests.Queue;

/// <summary>
/// The byte-level fast path gives the JsonDocument path's answer for every line: it takes a
/// line only when that path would read the same message, and leaves all others to it.
/// </summary>
public sealed class PostqueueJsonUtf8Tests
{
    private const string Good =
        """{"queue_name": "deferred", "queue_id": "DF160B1E4BA", "arrival_time": 1795339110, "message_size": 261, "sender": "a@posttls.test", "recipients": [{"address": "b@example.test", "delay_reason": "TLS is required"}]}""";

    public static TheoryData<string> Lines => new()
    {
        Good,
        Good + " ",
        Good + "\r",
        Good + " x",
        Good + "{}",
        Good + ",",
        "\uFEFF" + Good,
        " " + Good,
        "\u00a0" + Good,
        Good.Replace("\"queue_id\"", "\"queue\\u005fid\"", StringComparison.Ordinal),
        Good.Replace("\"address\"", "\"addr\\u0065ss\"", StringComparison.Ordinal),
        Good.Replace("{\"queue_name\"", "{\"\\udc00\": 1, \"queue_name\"", StringComparison.Ordinal),
        Good.Replace("{\"queue_name\"", "{\"x\": \"\\udc00\", \"queue_name\"", StringComparison.Ordinal),
        Good.Replace("a@posttls.test", "\\udc00@posttls.test", StringComparison.Ordinal),
        Good.Replace("a@posttls.test", "\\\"a b\\\"@posttls.test", StringComparison.Ordinal),
        Good.Replace("TLS is required", "said: \\\"550\\\"\\t\\u00e9", StringComparison.Ordinal),
        Good.Replace("\"deferred\"", "\"d\\u0065ferred\"", StringComparison.Ordinal),
        Good.Replace("\"deferred\"", "\"hold\"", StringComparison.Ordinal),
        Good.Replace("\"deferred\"", "\"elsewhere\"", StringComparison.Ordinal),
        Good.Replace("261", "261.0", StringComparison.Ordinal),
        Good.Replace("261", "-0", StringComparison.Ordinal),
        Good.Replace("261", "0", StringComparison.Ordinal),
        Good.Replace(", \"delay_reason\": \"TLS is required\"", "", StringComparison.Ordinal),
        Good.Replace("\"delay_reason\"", "\"delay_reason\": \"x\", \"delay_reason\"", StringComparison.Ordinal),
        Good.Replace("\"sender\"", "\"sender\": \"x\", \"sender\"", StringComparison.Ordinal),
        Good.Replace("\"recipients\": [{", "\"recipients\": [1, {", StringComparison.Ordinal),
        Good.Replace("[{\"address\"", "[], \"recipients\": [{\"address\"", StringComparison.Ordinal),
        Good.Replace("[{\"address\": \"b@example.test\", \"delay_reason\": \"TLS is required\"}]", "[]", StringComparison.Ordinal),
        Good.Replace("DF160B1E4BA", "DF160B1E4B!", StringComparison.Ordinal),
        Good.Replace("}]}", "}],}", StringComparison.Ordinal),
        Good.Replace("}]}", "}]} // comment", StringComparison.Ordinal),
        Good[..^1],
        Good[..(Good.Length / 2)],
        "[" + Good + "]",
        "\"text\"",
        "null",
        "",
        "   ",
        "\u2028",
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void TryParse_Bytes_SameAnswerAsTheDocumentPath(string line) => AssertSameAsDocument(line);

    [Fact]
    public void TryParse_InvalidUtf8_ReadWithReplacementCharacters()
    {
        var bytes = Encoding.UTF8.GetBytes(Good.Replace("a@posttls", "\u00e9@posttls", StringComparison.Ordinal));
        var at = Array.IndexOf(bytes, (byte)0xC3);
        bytes[at + 1] = (byte)'x'; // a lead byte without its continuation

        Assert.True(PostqueueJson.TryParse(bytes, out var message, out var problem), problem);

        Assert.Equal("\uFFFDx@posttls.test", message.Sender);
    }

    [Fact]
    public void TryParse_ManyRecipients_ReadsThemAll()
    {
        var recipients = string.Join(", ", Enumerable.Range(0, 5000).Select(i => $"{{\"address\": \"r{i}@example.test\", \"delay_reason\": \"{new string('x', 100)}\"}}"));
        var line = Good.Replace("[{\"address\": \"b@example.test\", \"delay_reason\": \"TLS is required\"}]", $"[{recipients}]", StringComparison.Ordinal);

        Assert.True(PostqueueJson.TryParse(Encoding.UTF8.GetBytes(line), out var message, out var problem), problem);

        Assert.Equal(5000, message.Recipients.Count);
        Assert.Equal("r4999@example.test", message.Recipients[^1].Address);
    }

    /// <summary>Both paths: the same verdict, the same message or the same problem.</summary>
    internal static void AssertSameAsDocument(string line)
    {
        var fast = PostqueueJson.TryParse(Encoding.UTF8.GetBytes(line), out var message, out var problem);
        var slow = PostqueueJson.TryParseWithDocument(line, out var expected, out var expectedProblem);

        Assert.Equal(slow, fast);
        Assert.Equal(expectedProblem, problem);
        if (expected is not null)
        {
            AssertSameMessage(expected, message!);
        }

        // With a listing's pool, the second reading takes its texts from the pool: the same answer.
        var pool = new TextPool();
        for (var reading = 0; reading < 2; reading++)
        {
            Assert.Equal(slow, PostqueueJson.TryParse(Encoding.UTF8.GetBytes(line), pool, out var pooled, out var pooledProblem));
            Assert.Equal(expectedProblem, pooledProblem);
            if (expected is not null)
            {
                AssertSameMessage(expected, pooled!);
            }
        }
    }

    internal static void AssertSameMessage(QueuedMessage expected, QueuedMessage actual)
    {
        Assert.Equal(expected with { Recipients = [] }, actual with { Recipients = [] });
        Assert.Equal(expected.Recipients, actual.Recipients);
    }
}
