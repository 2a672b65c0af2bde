using System.Text.Json;
using PostTls.Cli;
using PostTls.Tests.TestSupport;
using static PostTls.Tests.TestSupport.AdminCommandHarness;

namespace PostTls.Tests.Commands;

public sealed class ListCommandTests : IDisposable
{
    private static readonly string[] MessageFields =
    [
        "queue_id", "key", "tag", "state", "sender", "subject", "arrival_time", "age_seconds", "first_seen", "first_notice_at",
        "deadline", "notices_sent", "reminders_sent", "missing_since", "outcome", "recipients", "decision",
    ];

    private readonly AdminCommandHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void List_NoMessages_SaysSo()
    {
        var status = _cli.Run("list");

        Assert.Equal(ExitCodes.Ok, status);
        Assert.Equal(["no messages waiting"], _cli.OutputLines());
        Assert.Empty(_cli.Error.ToString());
    }

    [Fact]
    public void List_NoMessagesAsJson_EmptyArray()
    {
        var status = _cli.Run("list", "--json");

        Assert.Equal(ExitCodes.Ok, status);
        using var json = JsonDocument.Parse(_cli.Output.ToString());
        Assert.Equal(0, json.RootElement.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public void List_Waiting_OneAlignedLinePerWaitingMessage()
    {
        _cli.SeedStandard();

        var status = _cli.Run("list");

        Assert.Equal(ExitCodes.Ok, status);
        var lines = _cli.OutputLines();
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("QUEUE ID", lines[0], StringComparison.Ordinal);
        Assert.StartsWith(Seed.OpenQueueId + " ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith(Seed.UntaggedQueueId + " ", lines[2], StringComparison.Ordinal);
        Assert.Contains("bob@example.net (not_offered) +1 more", lines[1], StringComparison.Ordinal);
        Assert.Contains("3h", lines[1], StringComparison.Ordinal);
        Assert.Contains("in 2d 3h", lines[1], StringComparison.Ordinal);
        Assert.Contains("Quarterly report", lines[1], StringComparison.Ordinal);
        Assert.Contains("untagged", lines[2], StringComparison.Ordinal);
        foreach (var heading in new[] { "KEY", "AGE", "STATE", "SENDER", "SUBJECT", "RECIPIENTS", "NOTICES", "DEADLINE", "DECISION" })
        {
            var column = lines[0].IndexOf(heading, StringComparison.Ordinal);
            Assert.True(column > 0, heading);
            Assert.All(lines.Skip(1), line => Assert.NotEqual(' ', line[column]));
            Assert.All(lines.Skip(1), line => Assert.Equal(' ', line[column - 1]));
        }

        Assert.All(lines, line => Assert.Equal(line.TrimEnd(), line));
        Assert.DoesNotContain(Seed.ReleasedQueueId, _cli.Output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Seed.IgnoredQueueId, _cli.Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void List_All_IncludesClosedAndIgnoredWithOutcome()
    {
        _cli.SeedStandard();

        var status = _cli.Run("list", "--all");

        Assert.Equal(ExitCodes.Ok, status);
        var lines = _cli.OutputLines();
        Assert.Equal(6, lines.Length);
        Assert.EndsWith("OUTCOME", lines[0], StringComparison.Ordinal);
        var released = Assert.Single(lines, l => l.StartsWith(Seed.ReleasedQueueId, StringComparison.Ordinal));
        Assert.Contains("closed", released, StringComparison.Ordinal);
        Assert.Contains("release by sender, done", released, StringComparison.Ordinal);
        Assert.Contains("sent without encryption by sender:ann...", released, StringComparison.Ordinal);
        var ignored = Assert.Single(lines, l => l.StartsWith(Seed.IgnoredQueueId, StringComparison.Ordinal));
        Assert.Contains("<>", ignored, StringComparison.Ordinal);
        Assert.Contains("ignored", ignored, StringComparison.Ordinal);
    }

    [Fact]
    public void List_Json_OneDocumentWithStableFieldNames()
    {
        _cli.SeedStandard();

        var status = _cli.Run("list", "--json");

        Assert.Equal(ExitCodes.Ok, status);
        using var json = JsonDocument.Parse(_cli.Output.ToString());
        Assert.Equal(["messages"], json.RootElement.EnumerateObject().Select(p => p.Name));
        var messages = json.RootElement.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal([Seed.OpenQueueId, Seed.UntaggedQueueId], messages.Select(m => m.GetProperty("queue_id").GetString()));
        Assert.All(messages, m => Assert.Equal(MessageFields, m.EnumerateObject().Select(p => p.Name)));

        var open = messages[0];
        Assert.Equal(Seed.OpenKey, open.GetProperty("key").GetString());
        Assert.Equal(Seed.OpenTag, open.GetProperty("tag").GetString());
        Assert.Equal("open", open.GetProperty("state").GetString());
        Assert.Equal(3 * Hour, open.GetProperty("age_seconds").GetInt64());
        Assert.Equal(T + 2 * Day + 3 * Hour, open.GetProperty("deadline").GetInt64());
        Assert.Equal(1, open.GetProperty("notices_sent").GetInt32());
        Assert.Equal(JsonValueKind.Null, open.GetProperty("decision").ValueKind);
        var recipients = open.GetProperty("recipients").EnumerateArray().ToList();
        Assert.Equal(["address", "failure_class", "never_insecure"], recipients[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["not_offered", "certificate_not_verified"], recipients.Select(r => r.GetProperty("failure_class").GetString()));
        Assert.True(recipients[1].GetProperty("never_insecure").GetBoolean());
        Assert.Equal(JsonValueKind.Null, messages[1].GetProperty("tag").ValueKind);
    }

    [Fact]
    public void List_AllAsJson_DecisionHasItsFields()
    {
        _cli.SeedStandard();

        _cli.Run("list", "--all", "--json");

        using var json = JsonDocument.Parse(_cli.Output.ToString());
        var released = json.RootElement.GetProperty("messages").EnumerateArray()
            .Single(m => m.GetProperty("queue_id").GetString() == Seed.ReleasedQueueId);
        var decision = released.GetProperty("decision");
        Assert.Equal(["action", "decided_by", "decided_at", "step"], decision.EnumerateObject().Select(p => p.Name));
        Assert.Equal("release", decision.GetProperty("action").GetString());
        Assert.Equal("done", decision.GetProperty("step").GetString());
        Assert.Equal(2, released.GetProperty("notices_sent").GetInt32());
        Assert.Equal("Anna@Example.ORG", released.GetProperty("sender").GetString());
    }

    [Theory]
    [InlineData("evil\u001b]0;owned\u0007title", "evil?]0;owned?title")]
    [InlineData("invoice\u202Efdp.exe\u2066\u200F", "invoicefdp.exe")]
    public void List_SubjectWithControlOrFormatCharacters_NeverReachesTheTerminalRaw(string subject, string shown)
    {
        using (var database = _cli.OpenDatabase())
        {
            new PostTls.State.MessageStore(database).Insert(
                Message("iiiiiiiiiiiiiiii", null, "B1B2B3B4B5", T - Hour, "x@example.org", subject, PostTls.State.MessageState.Untagged), []);
        }

        _cli.Run("list");

        Assert.DoesNotContain(_cli.Output.ToString(), c => char.IsControl(c) && c != '\n' || c is '\u202E' or '\u2066' or '\u200F');
        Assert.Contains(shown, _cli.Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void List_NoDataDirectory_ConfigErrorNamingIt()
    {
        Directory.Delete(_cli.DataDirectory);

        var status = _cli.Run("list");

        Assert.Equal(ExitCodes.Config, status);
        Assert.Contains("run posttls init", Assert.Single(_cli.ErrorLines()), StringComparison.Ordinal);
        _cli.AssertNoTrace();
    }
}
