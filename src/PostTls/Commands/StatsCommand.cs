// posttls stats - counts for monitoring (see man/posttls.8, STATS).
//
// Root only. Messages by state, the recipients stuck now by failure class, notifications
// sent by kind, decisions by action and by whom, the remembered choices that hold and those
// made, and the median time from the first notice to a decision. --prometheus prints the text exposition format for node_exporter's
// textfile collector; --json one document for scripts.
using System.CommandLine;
using System.Globalization;
using PostTls.Admin;
using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Queue;
using PostTls.State;
using PostTls.Text;

namespace PostTls.Commands;

internal sealed class StatsCommand : Command, IDetailedHelp
{
    private readonly Option<bool> _prometheus = new("--prometheus") { Description = "Print Prometheus text format (node_exporter textfile collector)" };
    private readonly Option<bool> _json = new("--json") { Description = "Print one JSON document" };

    private readonly CommandHost _host;

    public StatsCommand(CommandHost host)
        : base("stats", "Print counts for monitoring, also in Prometheus format (root)")
    {
        _host = host;
        Options.Add(_prometheus);
        Options.Add(_json);
        SetAction(Execute);
    }

    public string Details => """

        Counts over the whole database: messages by state; the affected recipients of
        messages not yet closed, by failure class; notifications sent, by kind (every
        reminder counts as reminder); decisions by action and by whom (sender, admin, and
        choice or header for the senders' standing choices); remembered choices holding now
        and made in total; and the median time from the first notice to a decision.

        With --prometheus the metrics are posttls_messages{state}, posttls_waiting_recipients
        {failure_class}, posttls_notifications_total{kind}, posttls_decisions_total{action,by},
        posttls_decision_seconds_median (NaN before the first decision),
        posttls_remembered_choices and posttls_remembered_choices_made_total.

        Examples:
          posttls stats
          posttls stats --json
          posttls stats --prometheus > /var/lib/node_exporter/textfile_collector/posttls.prom.$$ &&
            mv /var/lib/node_exporter/textfile_collector/posttls.prom.$$ \
               /var/lib/node_exporter/textfile_collector/posttls.prom
        """;

    private int Execute(ParseResult parseResult)
    {
        _host.Privileges.RequireRoot(Name);
        if (parseResult.GetValue(_prometheus) && parseResult.GetValue(_json))
        {
            throw new Problem("posttls stats: choose one of --prometheus and --json", ExitCodes.Usage);
        }

        var settings = SettingsLoader.Load(parseResult.GetValue(GlobalOptions.Config), _host.Variable);
        var output = parseResult.InvocationConfiguration.Output;
        return AdminSession.Guard(Name, () =>
        {
            using var session = AdminSession.ForReading(_host, Name, settings);
            var stats = session.Reports.Statistics(session.Now);
            if (parseResult.GetValue(_prometheus))
            {
                WritePrometheus(stats, output);
            }
            else if (parseResult.GetValue(_json))
            {
                WriteJson(stats, output);
            }
            else
            {
                WriteText(stats, output);
            }

            return ExitCodes.Ok;
        });
    }

    private static void WriteText(Statistics stats, TextWriter output)
    {
        void Group(string title, IEnumerable<(string Name, long Count)> rows)
        {
            output.WriteLine(title);
            var table = new TextTable("", "");
            foreach (var (name, count) in rows)
            {
                table.Add("  " + name, count.ToString(CultureInfo.InvariantCulture));
            }

            table.Write(output, withHeadings: false);
        }

        Group("Messages by state", stats.MessagesByState.Select(s => (MessageStore.StateName(s.Key), s.Value)));
        Group("Recipients waiting, by failure class", stats.WaitingRecipientsByFailure.Select(f => (FailureClassNames.Name(f.Key), f.Value)));
        Group("Notifications sent", stats.NotificationsByKind.Select(k => (k.Key, k.Value)));
        Group("Decisions", stats.Decisions.Select(d => ($"{d.Action} by {d.By}", d.Count)));
        Group("Remembered choices", [("holding now", stats.ChoicesHolding), ("made in total", stats.ChoicesMade)]);
        output.WriteLine(stats.MedianDecisionSeconds is { } median
            ? $"Median time from first notice to decision: {HumanText.Span((long)Math.Round(median))} ({stats.DecisionSeconds.Count} decisions)"
            : "Median time from first notice to decision: none yet");
    }

    private static void WriteJson(Statistics stats, TextWriter output) =>
        JsonOutput.Write(output, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("messages_by_state");
            foreach (var (state, count) in stats.MessagesByState)
            {
                writer.WriteNumber(MessageStore.StateName(state), count);
            }

            writer.WriteEndObject();
            writer.WriteStartObject("waiting_recipients_by_failure_class");
            foreach (var (failure, count) in stats.WaitingRecipientsByFailure)
            {
                writer.WriteNumber(FailureClassNames.Name(failure), count);
            }

            writer.WriteEndObject();
            writer.WriteStartObject("notifications_by_kind");
            foreach (var (kind, count) in stats.NotificationsByKind)
            {
                writer.WriteNumber(kind, count);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("decisions");
            foreach (var (action, by, count) in stats.Decisions)
            {
                writer.WriteStartObject();
                writer.WriteString("action", action);
                writer.WriteString("by", by);
                writer.WriteNumber("count", count);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (stats.MedianDecisionSeconds is { } median)
            {
                writer.WriteNumber("decision_seconds_median", median);
            }
            else
            {
                writer.WriteNull("decision_seconds_median");
            }

            writer.WriteNumber("decisions_timed", stats.DecisionSeconds.Count);
            writer.WriteStartObject("remembered_choices");
            writer.WriteNumber("holding", stats.ChoicesHolding);
            writer.WriteNumber("made", stats.ChoicesMade);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    /// <summary>The text exposition format, version 0.0.4: HELP and TYPE before each family, LF line ends.</summary>
    private static void WritePrometheus(Statistics stats, TextWriter output)
    {
        var text = new System.Text.StringBuilder();
        void Family(string name, string type, string help, IEnumerable<(string Labels, string Value)> samples)
        {
            text.Append($"# HELP {name} {help}\n# TYPE {name} {type}\n");
            foreach (var (labels, value) in samples)
            {
                text.Append($"{name}{labels} {value}\n");
            }
        }

        Family("posttls_messages", "gauge", "Messages in the PostTLS database, by state.",
            stats.MessagesByState.Select(s => (Labels(("state", MessageStore.StateName(s.Key))), Number(s.Value))));
        Family("posttls_waiting_recipients", "gauge", "Affected recipients of messages not closed, by TLS failure class.",
            stats.WaitingRecipientsByFailure.Select(f => (Labels(("failure_class", FailureClassNames.Name(f.Key))), Number(f.Value))));
        Family("posttls_notifications_total", "counter", "Notifications sent, by kind.",
            stats.NotificationsByKind.Select(k => (Labels(("kind", k.Key)), Number(k.Value))));
        Family("posttls_decisions_total", "counter", "Decisions taken, by action and by whom (sender or admin).",
            stats.Decisions.Select(d => (Labels(("action", d.Action), ("by", d.By)), Number(d.Count))));
        Family("posttls_decision_seconds_median", "gauge", "Median seconds from the first notice to the decision.",
            [("", stats.MedianDecisionSeconds is { } median ? median.ToString("R", CultureInfo.InvariantCulture) : "NaN")]);
        Family("posttls_remembered_choices", "gauge", "Remembered choices of senders that hold now.", [("", Number(stats.ChoicesHolding))]);
        Family("posttls_remembered_choices_made_total", "counter", "Remembered choices made, ended and expired ones included.",
            [("", Number(stats.ChoicesMade))]);

        output.Write(text.ToString());
    }

    private static string Labels(params (string Name, string Value)[] labels) =>
        "{" + string.Join(",", labels.Select(l => $"{l.Name}=\"{Escape(l.Value)}\"")) + "}";

    /// <summary>Label values escape backslash, double quote and line feed.</summary>
    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
