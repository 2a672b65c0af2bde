using System.Text;
using PostTls.Queue;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Queue;

public sealed class PostqueueJsonTests
{
    /// <summary>A line written by Postfix 3.8's postqueue -j for a message deferred by mandatory TLS.</summary>
    private const string RealLine =
        """{"queue_name": "deferred", "queue_id": "DF160B1E4BA", "arrival_time": 1795339110, "message_size": 261, "forced_expire": false, "sender": "a@posttls.test", "recipients": [{"address": "b@example.test", "delay_reason": "TLS is required, but was not offered by host 127.0.0.1[127.0.0.1]"}]}""";

    [Fact]
    public void TryParse_RealLine_ReadsEveryField()
    {
        var message = Parse(RealLine);

        Assert.Equal("deferred", message.QueueName);
        Assert.Equal("DF160B1E4BA", message.QueueId);
        Assert.Equal(1795339110, message.ArrivalTime);
        Assert.Equal(261, message.MessageSize);
        Assert.Equal("a@posttls.test", message.Sender);
        var recipient = Assert.Single(message.Recipients);
        Assert.Equal(new QueuedRecipient("b@example.test", "TLS is required, but was not offered by host 127.0.0.1[127.0.0.1]"), recipient);
    }

    [Fact]
    public void TryParse_UnknownMembersAtEveryLevel_AreIgnored()
    {
        const string line = """
            {"future": {"deep": [1, {"x": null}]}, "queue_name": "deferred", "queue_id": "DF160B1E4BA",
             "arrival_time": 1795339110, "message_size": 261, "forced_expire": true, "sender": "a@posttls.test",
             "future": "twice is fine when unknown",
             "recipients": [{"orig_address": "c@example.test", "address": "b@example.test", "bounce_reason": "x",
                             "delay_reason": "later", "future": [[], {}], "n": 1.5e300}],
             "after": -1.0}
            """;

        var message = Parse(line.ReplaceLineEndings(" "));

        Assert.Equal(new QueuedRecipient("b@example.test", "later"), Assert.Single(message.Recipients));
    }

    [Fact]
    public void TryParse_NoDelayReason_IsEmpty()
    {
        var message = Parse("""{"queue_name": "active", "queue_id": "DF160B1E4BA", "arrival_time": 0, "message_size": 0, "sender": "", "recipients": [{"address": "b@example.test"}]}""");

        Assert.Equal("", Assert.Single(message.Recipients).DelayReason);
        Assert.Equal("", message.Sender);
    }

    [Fact]
    public void TryParse_EmptyRecipients_IsValidWithNone()
    {
        var message = Parse(RealLine[..RealLine.IndexOf("[{", StringComparison.Ordinal)] + "[]}");

        Assert.Empty(message.Recipients);
    }

    [Fact]
    public void TryParse_SeveralRecipients_KeepsTheirOrder()
    {
        var message = Parse(RealLine.Replace(
            """[{"address": "b@example.test", """,
            """[{"address": "x@example.test"}, {"address": "y@example.test", "delay_reason": "y"}, {"address": "b@example.test", """,
            StringComparison.Ordinal));

        Assert.Equal(["x@example.test", "y@example.test", "b@example.test"], message.Recipients.Select(r => r.Address));
        Assert.Equal(["", "y", "TLS is required, but was not offered by host 127.0.0.1[127.0.0.1]"], message.Recipients.Select(r => r.DelayReason));
    }

    [Fact]
    public void TryParse_LongQueueId_IsAccepted()
    {
        var message = Parse(RealLine.Replace("DF160B1E4BA", "4jXNm600zzz1j", StringComparison.Ordinal));

        Assert.Equal("4jXNm600zzz1j", message.QueueId);
    }

    [Fact]
    public void TryParse_EscapedText_IsUnescaped()
    {
        var message = Parse(RealLine.Replace("a@posttls.test", """\"quoted\\\"@posttls.test\u00e9\t""", StringComparison.Ordinal));

        Assert.Equal("\"quoted\\\"@posttls.test\u00e9\t", message.Sender);
    }

    [Fact]
    public void TryParse_NonAscii_IsKept()
    {
        var message = Parse(RealLine.Replace("b@example.test", "j\u00f6rg@b\u00fccher.example", StringComparison.Ordinal));

        Assert.Equal("j\u00f6rg@b\u00fccher.example", Assert.Single(message.Recipients).Address);
    }

    [Fact]
    public void TryParse_SurroundingWhiteSpaceAndCarriageReturn_IsAccepted()
    {
        Assert.Equal("DF160B1E4BA", Parse("  " + RealLine + " \r").QueueId);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t \r")]
    public void TryParse_EmptyLine_IsRejected(string line)
    {
        AssertRejected(line, "empty line");
    }

    [Fact]
    public void TryParse_Null_IsRejectedAsEmpty()
    {
        AssertRejected(null!, "empty line");
    }

    [Theory]
    [InlineData("queue_name")]
    [InlineData("queue_id")]
    [InlineData("arrival_time")]
    [InlineData("message_size")]
    [InlineData("sender")]
    [InlineData("recipients")]
    public void TryParse_MissingField_NamesIt(string field)
    {
        var line = RealLine.Replace($"\"{field}\"", "\"renamed\"", StringComparison.Ordinal);

        AssertRejected(line, $"{field} missing");
    }

    [Fact]
    public void TryParse_MissingAddress_NamesTheRecipient()
    {
        var line = RealLine.Replace(
            """[{"address": "b@example.test", """,
            """[{"address": "x@example.test"}, {"address": "y@example.test"}, {"orig_address": "b@example.test", """,
            StringComparison.Ordinal);

        AssertRejected(line, "recipients[2].address missing");
    }

    [Theory]
    [InlineData("\"deferred\"", "1", "queue_name is a number, not a string")]
    [InlineData("\"deferred\"", "null", "queue_name is null, not a string")]
    [InlineData("\"DF160B1E4BA\"", "12345", "queue_id is a number, not a string")]
    [InlineData("\"DF160B1E4BA\"", "[\"DF160B1E4BA\"]", "queue_id is an array, not a string")]
    [InlineData("1795339110", "\"1795339110\"", "arrival_time is a string, not a number")]
    [InlineData("1795339110", "true", "arrival_time is a boolean, not a number")]
    [InlineData("1795339110", "1795339110.5", "arrival_time 1795339110.5 is not a whole number")]
    [InlineData("1795339110", "1795339110.0", "arrival_time 1795339110.0 is not a whole number")]
    [InlineData("1795339110", "1.79533911e9", "arrival_time 1.79533911e9 is not a whole number")]
    [InlineData("1795339110", "1e400", "arrival_time 1e400 is not a whole number")]
    [InlineData("1795339110", "-1", "arrival_time -1 is negative")]
    [InlineData("1795339110", "9223372036854775808", "arrival_time 9223372036854775808 is too large")]
    [InlineData("1795339110", "-99999999999999999999", "arrival_time -99999999999999999999 is negative")]
    [InlineData("261", "{}", "message_size is an object, not a number")]
    [InlineData("261", "2.61e2", "message_size 2.61e2 is not a whole number")]
    [InlineData("\"a@posttls.test\"", "false", "sender is a boolean, not a string")]
    [InlineData("\"b@example.test\"", "7", "recipients[0].address is a number, not a string")]
    [InlineData("\"TLS is required, but was not offered by host 127.0.0.1[127.0.0.1]\"", "null", "recipients[0].delay_reason is null, not a string")]
    [InlineData("\"TLS is required, but was not offered by host 127.0.0.1[127.0.0.1]\"", "{}", "recipients[0].delay_reason is an object, not a string")]
    [InlineData("[{\"address\": \"b@example.test\", \"delay_reason\": \"TLS is required, but was not offered by host 127.0.0.1[127.0.0.1]\"}]", "{}", "recipients is an object, not an array")]
    [InlineData("[{\"address\": \"b@example.test\", \"delay_reason\": \"TLS is required, but was not offered by host 127.0.0.1[127.0.0.1]\"}]", "\"b@example.test\"", "recipients is a string, not an array")]
    [InlineData("[{\"address\": \"b@example.test\", \"delay_reason\": \"TLS is required, but was not offered by host 127.0.0.1[127.0.0.1]\"}]", "[{\"address\": \"b@example.test\"}, \"c@example.test\"]", "recipients[1] is a string, not an object")]
    [InlineData("[{\"address\": \"b@example.test\", \"delay_reason\": \"TLS is required, but was not offered by host 127.0.0.1[127.0.0.1]\"}]", "[null]", "recipients[0] is null, not an object")]
    public void TryParse_WrongType_NamesTheField(string realValue, string value, string expected)
    {
        Assert.Contains(realValue, RealLine, StringComparison.Ordinal);

        AssertRejected(RealLine.Replace(": " + realValue, ": " + value, StringComparison.Ordinal), expected);
    }

    [Theory]
    [InlineData("../x", "queue_id \"../x\" is not a queue ID")]
    [InlineData("", "queue_id \"\" is not a queue ID")]
    [InlineData("df160b1e4ba", "queue_id \"df160b1e4ba\" is not a queue ID")]
    [InlineData("-DF160B1E4BA", "queue_id \"-DF160B1E4BA\" is not a queue ID")]
    [InlineData("DF160B1E4BA ", "queue_id \"DF160B1E4BA \" is not a queue ID")]
    [InlineData("DF160B1E4BA\\n", "queue_id \"DF160B1E4BA\\u000a\" is not a queue ID")]
    [InlineData("\\\"DF", "queue_id \"\\\"DF\" is not a queue ID")]
    public void TryParse_InvalidQueueId_IsRejected(string jsonQueueId, string expected)
    {
        AssertRejected(RealLine.Replace("\"DF160B1E4BA\"", $"\"{jsonQueueId}\"", StringComparison.Ordinal), expected);
    }

    [Theory]
    [InlineData("\"queue_id\": \"DF160B1E4BA\"", "\"queue_id\": \"DF160B1E4BA\", \"queue_id\": \"AAAAAAAAAAA\"", "queue_id appears twice")]
    [InlineData("\"queue_id\": \"DF160B1E4BA\"", "\"queue_id\": \"DF160B1E4BA\", \"queue_id\": \"DF160B1E4BA\"", "queue_id appears twice")]
    [InlineData("\"sender\": \"a@posttls.test\"", "\"sender\": \"a@posttls.test\", \"sender\": \"evil@example.test\"", "sender appears twice")]
    [InlineData("\"recipients\": [", "\"recipients\": [], \"recipients\": [", "recipients appears twice")]
    [InlineData("{\"address\": \"b@example.test\"", "{\"address\": \"b@example.test\", \"address\": \"c@example.test\"", "recipients[0].address appears twice")]
    [InlineData("\"delay_reason\"", "\"delay_reason\": \"\", \"delay_reason\"", "recipients[0].delay_reason appears twice")]
    public void TryParse_DuplicatedKnownMember_IsRejected(string original, string duplicated, string expected)
    {
        Assert.Contains(original, RealLine, StringComparison.Ordinal);

        AssertRejected(RealLine.Replace(original, duplicated, StringComparison.Ordinal), expected);
    }

    [Theory]
    [InlineData("[]", "not a JSON object but an array")]
    [InlineData("\"text\"", "not a JSON object but a string")]
    [InlineData("42", "not a JSON object but a number")]
    [InlineData("null", "not a JSON object but null")]
    public void TryParse_NotAnObject_IsRejected(string line, string expected)
    {
        AssertRejected(line, expected);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("deferred DF160B1E4BA 261")]
    [InlineData("DF160B1E4BA*     261 Mon Nov 23 12:38:30  a@posttls.test")]   // mailq, not postqueue -j
    [InlineData("{")]
    [InlineData("}")]
    [InlineData("{\"queue_name\": }")]
    [InlineData("{'queue_name': 'deferred'}")]
    [InlineData("{queue_name: \"deferred\"}")]
    [InlineData("{\"a\": 1,}")]
    [InlineData("{\"a\": 1} // comment")]
    [InlineData("{\"a\": \"\u0001\"}")]          // control characters must be escaped
    [InlineData("{\"a\": \"\\x41\"}")]
    [InlineData("{\"a\": NaN}")]
    [InlineData("{\"a\": 01}")]
    [InlineData("\u00ef\u00bb\u00bf{}")]
    public void TryParse_Garbage_IsNotJson(string line)
    {
        var problem = AssertRejected(line);

        Assert.StartsWith("not JSON: ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_TwoLinesRunTogether_IsNotJson()
    {
        Assert.StartsWith("not JSON: ", AssertRejected(RealLine + RealLine), StringComparison.Ordinal);
        Assert.StartsWith("not JSON: ", AssertRejected(RealLine + "\n" + RealLine), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_EveryTruncation_IsRejected()
    {
        for (var length = 0; length < RealLine.Length; length++)
        {
            var line = RealLine[..length];
            Assert.False(PostqueueJson.TryParse(line, out _, out var problem), line);
            Assert.True(problem is "empty line" || problem.StartsWith("not JSON: ", StringComparison.Ordinal), $"{line} -> {problem}");
        }
    }

    [Fact]
    public void TryParse_TenThousandDeepArray_IsRejected()
    {
        var line = new string('[', 10_000) + new string(']', 10_000);

        Assert.StartsWith("not JSON: ", AssertRejected(line), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_TenThousandDeepUnknownMember_IsRejected()
    {
        var line = RealLine.Replace("\"forced_expire\": false", "\"future\": " + new string('[', 10_000) + new string(']', 10_000), StringComparison.Ordinal);

        Assert.StartsWith("not JSON: ", AssertRejected(line), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_UnclosedTenThousandDeepObject_IsRejected()
    {
        var line = string.Concat(Enumerable.Repeat("{\"a\":", 10_000));

        Assert.StartsWith("not JSON: ", AssertRejected(line), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_OneMegabyteDelayReason_IsRead()
    {
        var reason = new string('x', 1 << 20);
        var line = RealLine.Replace("TLS is required, but was not offered by host 127.0.0.1[127.0.0.1]", reason, StringComparison.Ordinal);

        Assert.Equal(reason, Assert.Single(Parse(line).Recipients).DelayReason);
    }

    [Fact]
    public void TryParse_OneMegabyteQueueId_IsRejectedWithAShortReason()
    {
        var line = RealLine.Replace("DF160B1E4BA", new string('A', 1 << 20), StringComparison.Ordinal);

        var problem = AssertRejected(line);

        Assert.StartsWith("queue_id \"AAAA", problem, StringComparison.Ordinal);
        Assert.EndsWith("...\" is not a queue ID", problem, StringComparison.Ordinal);
        Assert.True(problem.Length < 100, problem);
    }

    [Fact]
    public void TryParse_OneMegabyteNumber_IsRejectedWithAShortReason()
    {
        var line = RealLine.Replace("1795339110", new string('9', 1 << 20), StringComparison.Ordinal);

        var problem = AssertRejected(line);

        Assert.StartsWith("arrival_time 9999", problem, StringComparison.Ordinal);
        Assert.EndsWith("... is too large", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_OneMegabyteOfGarbage_IsNotJson()
    {
        var line = "{\"a\": \"" + new string('x', 1 << 20);

        Assert.StartsWith("not JSON: ", AssertRejected(line), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"\ud800")]
    [InlineData(@"\udc00")]
    [InlineData(@"\ud800x")]
    [InlineData(@"\ud800\u0041")]
    public void TryParse_EscapedLoneSurrogateInField_IsRejected(string escape)
    {
        var line = RealLine.Replace("a@posttls.test", "a" + escape, StringComparison.Ordinal);

        Assert.StartsWith("not JSON text: ", AssertRejected(line), StringComparison.Ordinal);
    }

    /// <summary>Whether such a name can be compared depends on the JSON library: only never throwing is promised.</summary>
    [Theory]
    [InlineData(@"\ud800")]
    [InlineData(@"\udc00")]
    [InlineData(@"queue_n\udc00e")]
    [InlineData(@"queue_\ud800")]
    public void TryParse_EscapedLoneSurrogateInMemberName_DoesNotThrow(string name)
    {
        var line = RealLine.Replace("\"forced_expire\"", $"\"{name}\"", StringComparison.Ordinal);

        PostqueueJson.TryParse(line, out _, out _);
    }

    [Fact]
    public void TryParse_EscapedLoneSurrogateInUnknownValue_IsIgnored()
    {
        Parse(RealLine.Replace("\"forced_expire\": false", "\"future\": \"\\ud800\"", StringComparison.Ordinal));
    }

    [Fact]
    public void TryParse_RawLoneSurrogate_BecomesReplacementCharacter()
    {
        var message = Parse(RealLine.Replace("a@posttls.test", "a\ud800@posttls.test", StringComparison.Ordinal));

        Assert.Equal("a\ufffd@posttls.test", message.Sender);
    }

    /// <summary>
    /// Random byte-level damage to the real line, reproducible from the seed (see
    /// <see cref="Seeded"/>): parsing must never throw, and must give exactly one of a message
    /// with a valid queue ID or a one-line problem.
    /// </summary>
    [Fact]
    public void TryParse_RandomlyMutatedLines_NeverThrows()
    {
        var original = Encoding.UTF8.GetBytes(RealLine);
        byte[] interesting = "{}[]\":,\\ -.0123456789eEtrufalsn\r\n\t\0"u8.ToArray();
        var accepted = 0;

        var ran = Seeded.Check(nameof(TryParse_RandomlyMutatedLines_NeverThrows), 2_000, 100_000, random =>
        {
            var bytes = new List<byte>(original);
            var edits = random.Next(1, 5);
            for (var edit = 0; edit < edits; edit++)
            {
                var value = random.Next(2) == 0 ? interesting[random.Next(interesting.Length)] : (byte)random.Next(256);
                switch (random.Next(3))
                {
                    case 0 when bytes.Count > 0:
                        bytes.RemoveAt(random.Next(bytes.Count));
                        break;
                    case 1 when bytes.Count > 0:
                        bytes[random.Next(bytes.Count)] = value;
                        break;
                    default:
                        bytes.Insert(random.Next(bytes.Count + 1), value);
                        break;
                }
            }

            return Encoding.UTF8.GetString([.. bytes]);
        }, line =>
        {
            if (PostqueueJson.TryParse(line, out var message, out var problem))
            {
                accepted++;
                Assert.True(message is not null && problem is null);
                Assert.True(QueueIds.IsValid(message.QueueId));
            }
            else
            {
                Assert.True(message is null && !string.IsNullOrEmpty(problem));
                Assert.DoesNotContain('\n', problem);
                Assert.DoesNotContain('\r', problem);
            }
        }, Mutator.Show);

        // Some damage is harmless (inside a string, in white space): both outcomes are exercised.
        if (ran > 1)
        {
            Assert.InRange(accepted, 1, ran - 1);
        }
    }

    private static QueuedMessage Parse(string line)
    {
        var parsed = PostqueueJson.TryParse(line, out var message, out var problem);

        Assert.True(parsed, problem);
        Assert.Null(problem);
        return message!;
    }

    private static string AssertRejected(string line, string? expected = null)
    {
        var parsed = PostqueueJson.TryParse(line, out var message, out var problem);

        Assert.False(parsed, "accepted: " + line?[..Math.Min(line.Length, 200)]);
        Assert.Null(message);
        Assert.NotNull(problem);
        Assert.DoesNotContain('\n', problem);
        if (expected is not null)
        {
            Assert.Equal(expected, problem);
        }

        return problem;
    }
}
