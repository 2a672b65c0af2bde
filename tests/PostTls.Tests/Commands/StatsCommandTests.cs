using System.Text.Json;
using PostTls.Cli;
using PostTls.Queue;
using PostTls.State;
using PostTls.Tagging;
using PostTls.Tests.TestSupport;
using static PostTls.Tests.TestSupport.AdminCommandHarness;

namespace PostTls.Tests.Commands;

public sealed class StatsCommandTests : IDisposable
{
    private readonly AdminCommandHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Stats_Prometheus_ExactExposition()
    {
        _cli.SeedStandard();

        var status = _cli.Run("stats", "--prometheus");

        Assert.Equal(ExitCodes.Ok, status);
        Assert.Equal("""
            # HELP posttls_messages Messages in the PostTLS database, by state.
            # TYPE posttls_messages gauge
            posttls_messages{state="open"} 1
            posttls_messages{state="untagged"} 1
            posttls_messages{state="ignored"} 1
            posttls_messages{state="admin"} 0
            posttls_messages{state="deciding"} 0
            posttls_messages{state="held"} 0
            posttls_messages{state="closed"} 2
            # HELP posttls_waiting_recipients Affected recipients of messages not closed, by TLS failure class.
            # TYPE posttls_waiting_recipients gauge
            posttls_waiting_recipients{failure_class="not_offered"} 1
            posttls_waiting_recipients{failure_class="starttls_refused"} 1
            posttls_waiting_recipients{failure_class="handshake_failed"} 1
            posttls_waiting_recipients{failure_class="certificate_not_verified"} 1
            posttls_waiting_recipients{failure_class="dane_failed"} 0
            posttls_waiting_recipients{failure_class="local_tls_problem"} 0
            # HELP posttls_notifications_total Notifications sent, by kind.
            # TYPE posttls_notifications_total counter
            posttls_notifications_total{kind="notice"} 3
            posttls_notifications_total{kind="reminder"} 1
            posttls_notifications_total{kind="deadline"} 0
            posttls_notifications_total{kind="never-insecure"} 0
            posttls_notifications_total{kind="admin-alert"} 0
            # HELP posttls_decisions_total Decisions taken, by action and by whom (sender or admin).
            # TYPE posttls_decisions_total counter
            posttls_decisions_total{action="release",by="sender"} 1
            posttls_decisions_total{action="delete",by="sender"} 0
            posttls_decisions_total{action="release",by="admin"} 0
            posttls_decisions_total{action="delete",by="admin"} 0
            posttls_decisions_total{action="return",by="admin"} 1
            # HELP posttls_decision_seconds_median Median seconds from the first notice to the decision.
            # TYPE posttls_decision_seconds_median gauge
            posttls_decision_seconds_median 5400
            # HELP posttls_remembered_choices Remembered choices of senders that hold now.
            # TYPE posttls_remembered_choices gauge
            posttls_remembered_choices 0
            # HELP posttls_remembered_choices_made_total Remembered choices made, ended and expired ones included.
            # TYPE posttls_remembered_choices_made_total counter
            posttls_remembered_choices_made_total 0

            """, _cli.Output.ToString());
        Assert.DoesNotContain("\r", _cli.Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_PrometheusOnEmptyDatabase_ZerosAndNaN()
    {
        _cli.Run("stats", "--prometheus");

        var lines = _cli.OutputLines();
        Assert.Contains("posttls_messages{state=\"open\"} 0", lines);
        Assert.Contains("posttls_decisions_total{action=\"release\",by=\"sender\"} 0", lines);
        Assert.Contains("posttls_decision_seconds_median NaN", lines);
        Assert.Equal(["posttls_remembered_choices 0", "posttls_remembered_choices_made_total 0"], lines.Where(l => l.StartsWith("posttls_remembered", StringComparison.Ordinal)));
        Assert.All(lines.Where(l => !l.StartsWith('#')), l => Assert.Matches("^posttls_[a-z_]+(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*\\})? ([0-9]+(\\.[0-9]+)?|NaN)$", l));
    }

    [Fact]
    public void Stats_Json_OneDocumentWithStableFieldNames()
    {
        _cli.SeedStandard();

        var status = _cli.Run("stats", "--json");

        Assert.Equal(ExitCodes.Ok, status);
        using var json = JsonDocument.Parse(_cli.Output.ToString());
        var root = json.RootElement;
        Assert.Equal(
            ["messages_by_state", "waiting_recipients_by_failure_class", "notifications_by_kind", "decisions", "decision_seconds_median", "decisions_timed",
                "remembered_choices"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["open", "untagged", "ignored", "admin", "deciding", "held", "closed"],
            root.GetProperty("messages_by_state").EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, root.GetProperty("messages_by_state").GetProperty("closed").GetInt64());
        Assert.Equal(1, root.GetProperty("waiting_recipients_by_failure_class").GetProperty("certificate_not_verified").GetInt64());
        Assert.Equal(3, root.GetProperty("notifications_by_kind").GetProperty("notice").GetInt64());
        var decisions = root.GetProperty("decisions").EnumerateArray().ToList();
        Assert.All(decisions, d => Assert.Equal(["action", "by", "count"], d.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(1, decisions.Single(d => d.GetProperty("action").GetString() == "return").GetProperty("count").GetInt64());
        Assert.Equal(5400, root.GetProperty("decision_seconds_median").GetDouble());
        Assert.Equal(2, root.GetProperty("decisions_timed").GetInt32());
        Assert.Equal(["holding", "made"], root.GetProperty("remembered_choices").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Stats_RememberedChoices_HoldingNowAndMadeInTotal()
    {
        _cli.SeedStandard();
        _cli.SeedChoices();

        _cli.Run("stats", "--json");
        using var json = JsonDocument.Parse(_cli.Output.ToString());
        var choices = json.RootElement.GetProperty("remembered_choices");
        Assert.Equal(2, choices.GetProperty("holding").GetInt64());
        Assert.Equal(5, choices.GetProperty("made").GetInt64());

        _cli.Output.GetStringBuilder().Clear();
        _cli.Run("stats");
        var lines = _cli.OutputLines();
        var at = Array.IndexOf(lines, "Remembered choices");
        Assert.True(at > 0, _cli.Output.ToString());
        Assert.Equal(["  holding now    2", "  made in total  5"], lines[(at + 1)..(at + 3)]);

        _cli.Output.GetStringBuilder().Clear();
        _cli.Run("stats", "--prometheus");
        Assert.Contains("posttls_remembered_choices 2", _cli.OutputLines());
        Assert.Contains("posttls_remembered_choices_made_total 5", _cli.OutputLines());
    }

    [Fact]
    public void Stats_DecisionsByChoiceAndHeader_CountedByThemselves()
    {
        _cli.SeedStandard();
        using (var database = _cli.OpenDatabase())
        {
            var messages = new MessageStore(database);
            var decisions = new DecisionStore(database);
            var chosen = messages.Insert(Message("mmmmmmmmmmmmmmmm", null, "B1B2B3B4B5", T - Hour, "anna@example.org", "Weekly", MessageState.Closed),
                [Recipient("bob@partner.example", FailureClass.NotOffered)]);
            decisions.Insert(chosen, SenderAction.Release, Actor.Choice("anna@example.org"), T - 50 * Minute, "m.decision");
            var headed = messages.Insert(Message("nnnnnnnnnnnnnnnn", null, "C1C2C3C4C5", T - Hour, "dave@example.org", "No TLS", MessageState.Closed),
                [Recipient("bob@partner.example", FailureClass.NotOffered)]);
            decisions.Insert(headed, SenderAction.Release, Actor.Header("dave@example.org"), T - 40 * Minute, "n.decision");
        }

        _cli.Run("stats", "--prometheus");

        var lines = _cli.OutputLines();
        Assert.Contains("posttls_decisions_total{action=\"release\",by=\"choice\"} 1", lines);
        Assert.Contains("posttls_decisions_total{action=\"release\",by=\"header\"} 1", lines);
        Assert.Contains("posttls_decisions_total{action=\"release\",by=\"sender\"} 1", lines);
    }

    [Fact]
    public void Stats_JsonOnEmptyDatabase_MedianIsNull()
    {
        _cli.Run("stats", "--json");

        using var json = JsonDocument.Parse(_cli.Output.ToString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("decision_seconds_median").ValueKind);
    }

    [Fact]
    public void Stats_Human_GroupsWithTitles()
    {
        _cli.SeedStandard();

        var status = _cli.Run("stats");

        Assert.Equal(ExitCodes.Ok, status);
        var lines = _cli.OutputLines();
        Assert.Equal("Messages by state", lines[0]);
        Assert.Equal("  open      1", lines[1]);
        Assert.Contains("  notice          3", lines);
        Assert.Contains("  release by sender  1", lines);
        Assert.Equal("Median time from first notice to decision: 1h 30m (2 decisions)", lines[^1]);
    }

    [Fact]
    public void Stats_PrometheusAndJson_UsageError()
    {
        var status = _cli.Run("stats", "--prometheus", "--json");

        Assert.Equal(ExitCodes.Usage, status);
        Assert.Single(_cli.ErrorLines());
    }
}
