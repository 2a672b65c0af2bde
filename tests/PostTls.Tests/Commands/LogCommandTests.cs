using System.Text.Json;
using PostTls.Cli;
using PostTls.State;
using PostTls.Tests.TestSupport;
using static PostTls.Tests.TestSupport.AdminCommandHarness;

namespace PostTls.Tests.Commands;

public sealed class LogCommandTests : IDisposable
{
    private readonly AdminCommandHarness _cli = new();

    public LogCommandTests() => _cli.SeedStandard();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Log_Everything_OldestFirstWithHeadings()
    {
        var status = _cli.Run("log");

        Assert.Equal(ExitCodes.Ok, status);
        var lines = _cli.OutputLines();
        Assert.StartsWith("TIME (UTC)", lines[0], StringComparison.Ordinal);
        Assert.Equal(12, lines.Length);
        Assert.StartsWith("2026-11-17 12:00:00  4B7C81E2A3  anna@example.org", lines[1], StringComparison.Ordinal);
        Assert.Contains("domain added", lines[^1], StringComparison.Ordinal);
        Assert.Equal(lines.Skip(1).Select(l => l[..19]).Order(StringComparer.Ordinal), lines.Skip(1).Select(l => l[..19]));
    }

    [Fact]
    public void Log_Since_OnlyTheRecentEntries()
    {
        var status = _cli.Run("log", "--since", "1h");

        Assert.Equal(ExitCodes.Ok, status);
        var lines = _cli.OutputLines().Skip(1).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Contains(Seed.UntaggedQueueId, lines[0], StringComparison.Ordinal);
        Assert.Contains(Seed.IgnoredQueueId, lines[1], StringComparison.Ordinal);
        Assert.Contains("<>", lines[1], StringComparison.Ordinal);
        Assert.Contains("domain added", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Log_SinceNothingHappened_SaysSo()
    {
        using (var database = _cli.OpenDatabase())
        {
            database.Execute("DELETE FROM audit_log WHERE at > $t", ("$t", T - Day));
        }

        _cli.Run("log", "--since", "3h");

        Assert.Equal(["no audit entries"], _cli.OutputLines());
    }

    [Fact]
    public void Log_Sender_MatchesMessageSenderAndDeciderWithoutRegardToCase()
    {
        var status = _cli.Run("log", "--sender", "<ANNA@example.org>", "--json");

        Assert.Equal(ExitCodes.Ok, status);
        using var json = JsonDocument.Parse(_cli.Output.ToString());
        var entries = json.RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(8, entries.Count);
        Assert.All(entries, e => Assert.Equal("anna@example.org", e.GetProperty("sender").GetString(), StringComparer.OrdinalIgnoreCase));
        Assert.Contains(entries, e => e.GetProperty("actor").GetString() == "sender:anna@example.org");
        Assert.DoesNotContain(entries, e => e.GetProperty("queue_id").GetString() == Seed.UntaggedQueueId);
    }

    [Fact]
    public void Log_SenderAndSince_Combine()
    {
        _cli.Run("log", "--sender", "dave@example.org", "--since", "2h");

        var line = Assert.Single(_cli.OutputLines().Skip(1));
        Assert.Contains(Seed.UntaggedQueueId, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_Json_OneDocumentWithStableFieldNames()
    {
        var status = _cli.Run("log", "--json", "--since", "4h");

        Assert.Equal(ExitCodes.Ok, status);
        using var json = JsonDocument.Parse(_cli.Output.ToString());
        Assert.Equal(["entries"], json.RootElement.EnumerateObject().Select(p => p.Name));
        var entries = json.RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.All(entries, e => Assert.Equal(["at", "queue_id", "key", "sender", "subject", "actor", "action", "detail"], e.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(T - 3 * Hour, entries[0].GetProperty("at").GetInt64());
        Assert.Equal(Seed.OpenKey, entries[0].GetProperty("key").GetString());
        Assert.Equal("Quarterly report", entries[0].GetProperty("subject").GetString());
        var domain = entries[^1];
        Assert.Equal(JsonValueKind.Null, domain.GetProperty("queue_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, domain.GetProperty("sender").ValueKind);
        Assert.Equal("admin:root", domain.GetProperty("actor").GetString());
    }

    [Fact]
    public void Log_Sender_IncludesWhatItsRememberedChoiceAndItsHeaderDid()
    {
        using (var database = _cli.OpenDatabase())
        {
            var messages = new MessageStore(database);
            messages.Audit(T - 20 * Minute, null, null, Actor.Choice("zoe@example.org"), AuditAction.ChoiceUsed, "partner.example, remembered 2026-11-20");
            messages.Audit(T - 10 * Minute, null, null, Actor.Header("ZOE@example.org"), AuditAction.ChoiceUsed, "TLS-Required: No");
            messages.Audit(T - 5 * Minute, null, null, Actor.Choice("yves@example.org"), AuditAction.ChoiceUsed, "partner.example, remembered 2026-11-21");
        }

        var status = _cli.Run("log", "--sender", "zoe@example.org", "--json");

        Assert.Equal(ExitCodes.Ok, status);
        using var json = JsonDocument.Parse(_cli.Output.ToString());
        Assert.Equal(["choice:zoe@example.org", "header:ZOE@example.org"],
            json.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("actor").GetString()));
    }

    [Theory]
    [InlineData("3x")]
    [InlineData("0h")]
    [InlineData("-1h")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void Log_BadSince_UsageError(string since)
    {
        var status = _cli.Run("log", "--since=" + since);

        Assert.Equal(ExitCodes.Usage, status);
        Assert.Contains("--since", Assert.Single(_cli.ErrorLines()), StringComparison.Ordinal);
        Assert.Empty(_cli.Output.ToString());
        _cli.AssertNoTrace();
    }
}
