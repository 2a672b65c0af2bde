using System.Text.Json;
using PostTls.Cli;
using PostTls.Tests.TestSupport;
using static PostTls.Tests.TestSupport.AdminCommandHarness;

namespace PostTls.Tests.Commands;

public sealed class ShowCommandTests : IDisposable
{
    private readonly AdminCommandHarness _cli = new();

    public ShowCommandTests() => _cli.SeedStandard();

    public void Dispose() => _cli.Dispose();

    /// <summary>The queue ID names the message still tracked, not the closed one that had it before.</summary>
    [Theory]
    [InlineData(Seed.OpenQueueId)]
    [InlineData(Seed.OpenTag)]
    [InlineData(Seed.OpenKey)]
    [InlineData("AAAAAAAAAAAAAAAA")]
    [InlineData(" " + Seed.OpenKey + " ")]
    public void Show_ByQueueIdTagOrKey_FindsTheMessage(string name)
    {
        var status = _cli.Run("show", name);

        Assert.Equal(ExitCodes.Ok, status);
        var text = _cli.Output.ToString();
        Assert.StartsWith($"Message {Seed.OpenQueueId}, key {Seed.OpenKey}", text, StringComparison.Ordinal);
        Assert.Contains("Quarterly report", text, StringComparison.Ordinal);
        Assert.Empty(_cli.Error.ToString());
    }

    [Fact]
    public void Show_ClosedMessageByKey_HasDecisionReleaseGroupAndHistoryInOrder()
    {
        var status = _cli.Run("show", Seed.ReleasedKey);

        Assert.Equal(ExitCodes.Ok, status);
        var text = _cli.Output.ToString();
        Assert.Contains("closed: sent without encryption by sender:anna@example.org", text, StringComparison.Ordinal);
        Assert.Contains("release by sender:anna@example.org, step done", text, StringComparison.Ordinal);
        Assert.Contains("to mx.example.net without TLS: frank@example.net; queued as 7E1F2A3B4C", text, StringComparison.Ordinal);
        Assert.Contains("reminder-1 to <Anna@Example.ORG>", text, StringComparison.Ordinal);
        var tracked = text.IndexOf("tracked", StringComparison.Ordinal);
        var accepted = text.IndexOf("decision accepted", StringComparison.Ordinal);
        var released = text.IndexOf("released ", StringComparison.Ordinal);
        Assert.True(tracked > 0 && tracked < accepted && accepted < released, text);
    }

    [Fact]
    public void Show_UntaggedMessage_SaysSoAndListsNoneWhereEmpty()
    {
        _cli.Run("show", Seed.UntaggedQueueId);

        var text = _cli.Output.ToString();
        Assert.Contains("none (not submitted through the filter)", text, StringComparison.Ordinal);
        Assert.Contains("Notifications\n  none\n", text, StringComparison.Ordinal);
        Assert.Contains("Decisions\n  none\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4B7C81E2A4")]
    [InlineData("zzzzzzzzzzzzzzzz")]
    [InlineData(Seed.OpenKey + ".cccccccccccccccc")]
    public void Show_Unknown_NoInputWithOneLine(string name)
    {
        var status = _cli.Run("show", name);

        Assert.Equal(ExitCodes.NoInput, status);
        Assert.Equal($"posttls show: no message {name} is known to posttls (see posttls list --all)", Assert.Single(_cli.ErrorLines()));
        Assert.Empty(_cli.Output.ToString());
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("-d")]
    [InlineData("4b7c81e2a3")]
    [InlineData("")]
    public void Show_NotAName_UsageError(string name)
    {
        var status = _cli.Run("show", "--", name);

        Assert.Equal(ExitCodes.Usage, status);
        Assert.Contains("is not a queue ID, an X-PostTLS-ID tag or a 16-character key", Assert.Single(_cli.ErrorLines()), StringComparison.Ordinal);
    }

    [Fact]
    public void Show_Json_OneDocumentWithStableFieldNames()
    {
        var status = _cli.Run("show", Seed.ReleasedTag, "--json");

        Assert.Equal(ExitCodes.Ok, status);
        using var json = JsonDocument.Parse(_cli.Output.ToString());
        var root = json.RootElement;
        Assert.Equal(["message", "notifications", "decisions", "history"], root.EnumerateObject().Select(p => p.Name));
        var message = root.GetProperty("message");
        Assert.Equal(
            ["queue_id", "key", "tag", "state", "sender", "subject", "arrival_time", "age_seconds", "first_seen", "first_notice_at", "deadline",
             "notices_sent", "reminders_sent", "missing_since", "outcome", "date_header", "message_id_header", "recipients"],
            message.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Seed.ReleasedQueueId, message.GetProperty("queue_id").GetString());
        Assert.Equal(["address", "failure_class", "never_insecure", "host", "server_reply", "delay_reason"],
            message.GetProperty("recipients")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("handshake_failed", message.GetProperty("recipients")[0].GetProperty("failure_class").GetString());

        Assert.Equal(["kind", "sent_at", "recipient"], root.GetProperty("notifications")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["notice", "reminder-1"], root.GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("kind").GetString()));

        var decision = Assert.Single(root.GetProperty("decisions").EnumerateArray());
        Assert.Equal(["action", "decided_by", "decided_at", "step", "applied_at", "result", "releases"], decision.EnumerateObject().Select(p => p.Name));
        var release = Assert.Single(decision.GetProperty("releases").EnumerateArray());
        Assert.Equal(["nexthop", "recipients", "new_queue_id", "submitted_at"], release.EnumerateObject().Select(p => p.Name));
        Assert.Equal("7E1F2A3B4C", release.GetProperty("new_queue_id").GetString());
        Assert.Equal(["frank@example.net"], release.GetProperty("recipients").EnumerateArray().Select(r => r.GetString()));

        var history = root.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["at", "queue_id", "actor", "action", "detail"], history[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["tracked", "notice sent", "decision accepted", "released"], history.Select(h => h.GetProperty("action").GetString()));
        Assert.Equal(history.Select(h => h.GetProperty("at").GetInt64()).Order(), history.Select(h => h.GetProperty("at").GetInt64()));
    }
}
