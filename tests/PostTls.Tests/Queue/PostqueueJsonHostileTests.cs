using System.Text.Json.Nodes;
using PostTls.Queue;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Queue;

/// <summary>
/// postqueue -j lines changed the way a newer Postfix, a broken pipe or a hostile sender
/// address could change them, one field at a time, each with the outcome it must have: a
/// damaged required field refuses the line with a problem naming that field; harmless
/// changes (unknown members, odd text in strings, member order) keep it, with the values read
/// exactly. A line that is kept never carries an invalid queue ID.
/// </summary>
public sealed class PostqueueJsonHostileTests
{
    private const string RealId = "DF160B1E4BA";

    private static readonly string[] Required = ["queue_name", "queue_id", "arrival_time", "message_size", "sender", "recipients"];
    private static readonly string[] Counts = ["arrival_time", "message_size"];
    private static readonly string[] Texts = ["queue_name", "queue_id", "sender"];

    private static readonly string[] WrongValues =
    [
        "null", "true", "false", "[]", "{}", "\"\"", "\"1\"", "0.5", "1e3", "-1", "-0.0", "99999999999999999999999", "[1]", "{\"a\": 1}",
    ];

    private static readonly string[] OddTexts =
    [
        "", " ", "\0", "\r\n", "\u2028", "\"quoted\"", "<a@b>", "a\\b", "\u00e9\u4e2d", "MAILER-DAEMON", "-oQ/tmp", "${x}", "$(id)", "`id`",
        new string('x', 5000),
    ];

    /// <summary>A line and what must come of it: the expected message fields, or a word the problem must contain.</summary>
    private sealed record Case(string Line, string Change, string? Sender, string? QueueId, string? ProblemWord);

    [Fact]
    public void TryParse_OneFieldChanged_RefusedNamingItOrReadExactly()
    {
        var accepted = 0;
        var ran = Seeded.Check(nameof(PostqueueJsonHostileTests), 1500, 100_000, Generate, c =>
        {
            if (Check(c))
            {
                accepted++;
            }
        }, c => $"{c.Change}: {Mutator.Show(c.Line)}");

        // Both outcomes must be exercised, or the generator has lost its way.
        if (ran > 1)
        {
            Assert.InRange(accepted, ran / 10, ran - ran / 10);
        }
    }

    private static bool Check(Case c)
    {
        var parsed = PostqueueJson.TryParse(c.Line, out var message, out var problem);
        PostqueueJsonUtf8Tests.AssertSameAsDocument(c.Line);
        if (c.ProblemWord is not null)
        {
            Assert.False(parsed, "accepted");
            Assert.Null(message);
            Assert.Contains(c.ProblemWord, problem, StringComparison.Ordinal);
            Assert.DoesNotContain(problem!, char.IsControl);
            return false;
        }

        if (c.QueueId is not null && !QueueIds.IsValid(c.QueueId))
        {
            Assert.False(parsed, "accepted an invalid queue ID");
            Assert.Contains("queue_id", problem, StringComparison.Ordinal);
            Assert.DoesNotContain(problem!, char.IsControl);
            return false;
        }

        Assert.True(parsed, problem);
        Assert.True(QueueIds.IsValid(message!.QueueId));
        Assert.Equal(c.QueueId ?? RealId, message.QueueId);
        // Addresses come back in internal form: a mutation that quotes the local part is unquoted.
        Assert.Equal(PostTls.Addresses.EnvelopeAddress.ToInternal(c.Sender ?? "a@posttls.test"), message.Sender);
        Assert.Equal(1795339110, message.ArrivalTime);
        Assert.NotEmpty(message.Recipients);
        return true;
    }

    private static Case Generate(Random random)
    {
        var line = Line();
        var recipients = line["recipients"]!.AsArray();
        for (var i = random.Next(3); i > 0; i--)
        {
            recipients.Add(new JsonObject { ["address"] = $"r{i}@example.test", ["delay_reason"] = "x" });
        }

        var field = Required[random.Next(Required.Length)];
        var wrong = WrongValues[random.Next(WrongValues.Length)];
        var odd = OddTexts[random.Next(OddTexts.Length)];
        var recipient = recipients[random.Next(recipients.Count)]!.AsObject();
        switch (random.Next(10))
        {
            case 0:
                line.Remove(field);
                return Refused(line, $"{field} removed", field + " missing");
            // A string is right for queue_name and sender, an empty array for recipients.
            case 1 when !(field is "queue_name" or "sender" && wrong.StartsWith('"')) && !(field == "recipients" && wrong == "[]"):
                line[field] = JsonNode.Parse(wrong);
                return Refused(line, $"{field} = {wrong}", field);
            case 2:
                var count = Counts[random.Next(Counts.Length)];
                var number = new[] { "-1", "1.5", "1e3", "9223372036854775808", "99999999999999999999999", "-0.0", "1E+2" }[random.Next(7)];
                line[count] = JsonNode.Parse(number);
                return Refused(line, $"{count} = {number}", count);
            case 3:
                recipient.Remove("address");
                return Refused(line, "a recipient without address", ".address missing");
            case 4 when wrong != "\"\"" && wrong != "\"1\"":
                recipient[random.Next(2) == 0 ? "address" : "delay_reason"] = JsonNode.Parse(wrong);
                return Refused(line, $"a recipient field = {wrong}", "recipients[");
            case 5:
                var twice = Texts[random.Next(Texts.Length)];
                var doubled = line.ToJsonString().Insert(1, $"\"{twice}\": \"x\", ");
                return new Case(doubled, $"{twice} twice", null, null, $"{twice} appears twice");
            case 6:
                var id = new Mutator(random.Next()).Mutate(RealId);
                line["queue_id"] = id;
                return new Case(line.ToJsonString(), "queue_id mutated", null, id, null);
            case 7:
                line["sender"] = odd;
                return new Case(line.ToJsonString(), "odd sender", odd, null, null);
            case 8:
                // Unknown members may hold anything, at any level, up to the parser's depth.
                line["future" + random.Next(100)] = Nested(random.Next(1, 60), odd);
                recipient["orig_address"] = JsonNode.Parse(wrong);
                return new Case(line.ToJsonString(), "unknown members", null, null, null);
            default:
                // Written as text: the JSON writer itself refuses to go this deep.
                var depth = random.Next(70, 5000);
                var deep = line.ToJsonString().Insert(1, $"\"deep\": {new string('[', depth)}{new string(']', depth)}, ");
                return new Case(deep, "nesting beyond the limit", null, null, "not JSON");
        }
    }

    private static Case Refused(JsonObject line, string change, string word) => new(line.ToJsonString(), change, null, null, word);

    private static JsonObject Line() => JsonNode.Parse(
        """{"queue_name": "deferred", "queue_id": "DF160B1E4BA", "arrival_time": 1795339110, "message_size": 261, "forced_expire": false, "sender": "a@posttls.test", "recipients": [{"address": "b@example.test", "delay_reason": "TLS is required, but was not offered by host 127.0.0.1[127.0.0.1]"}]}""")!
        .AsObject();

    private static JsonNode Nested(int depth, string leaf)
    {
        JsonNode node = JsonValue.Create(leaf);
        for (var i = 0; i < depth; i++)
        {
            node = i % 2 == 0 ? new JsonArray(node) : new JsonObject { ["n"] = node };
        }

        return node;
    }
}
