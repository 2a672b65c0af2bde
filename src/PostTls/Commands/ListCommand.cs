// posttls list - the messages waiting for a decision (see man/posttls.8, LIST).
//
// Root only. One line per message: queue ID, key, age, state, sender, subject, the affected
// recipients with their failure class, notices sent, deadline and the decision taken, if
// any. --all adds closed and ignored messages; --json prints one document for scripts.
using System.CommandLine;
using PostTls.Admin;
using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Queue;
using PostTls.State;
using PostTls.Text;

namespace PostTls.Commands;

internal sealed class ListCommand : Command, IDetailedHelp
{
    private readonly Option<bool> _all = new("--all") { Description = "Include closed and ignored messages" };
    private readonly Option<bool> _json = new("--json") { Description = "Print one JSON document" };

    private readonly CommandHost _host;

    public ListCommand(CommandHost host)
        : base("list", "List the messages waiting for a decision (root)")
    {
        _host = host;
        Options.Add(_all);
        Options.Add(_json);
        SetAction(Execute);
    }

    public string Details => """

        Lists the messages that PostTLS tracks and that still wait: for their sender's
        decision (open), for a decision being carried out (deciding), on hold by policy
        (held), not submitted through the filter (untagged), or stuck because TLS fails on
        this server's side (admin). Oldest first. AGE counts from the arrival in the queue,
        NOTICES the mails sent about the message, DEADLINE is when default_action applies.
        Use posttls show for everything about one message.

        Examples:
          posttls list
          posttls list --all
          posttls list --json | jq -r '.messages[] | select(.state == "open") | .queue_id'
        """;

    private int Execute(ParseResult parseResult)
    {
        _host.Privileges.RequireRoot(Name);
        var settings = SettingsLoader.Load(parseResult.GetValue(GlobalOptions.Config), _host.Variable);
        var all = parseResult.GetValue(_all);
        var json = parseResult.GetValue(_json);
        var output = parseResult.InvocationConfiguration.Output;
        return AdminSession.Guard(Name, () =>
        {
            using var session = AdminSession.ForReading(_host, Name, settings);
            var rows = session.Messages.List(all)
                .Select(m => new Row(m, session.Messages.Recipients(m.Id), session.Reports.NotificationCount(m.Id),
                    session.Decisions.LatestForMessage(m.Id)))
                .ToList();
            if (json)
            {
                WriteJson(rows, session.Now, output);
            }
            else
            {
                WriteTable(rows, all, session.Now, output);
            }

            return ExitCodes.Ok;
        });
    }

    private static void WriteJson(List<Row> rows, long now, TextWriter output)
    {
        JsonOutput.Write(output, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("messages");
            foreach (var row in rows)
            {
                writer.WriteStartObject();
                MessageJson.WriteFields(writer, row.Message, row.Notices, now);
                MessageJson.WriteRecipients(writer, row.Recipients, details: false);
                if (row.Decision is { } decision)
                {
                    writer.WriteStartObject("decision");
                    MessageJson.WriteDecisionFields(writer, decision);
                    writer.WriteEndObject();
                }
                else
                {
                    writer.WriteNull("decision");
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static void WriteTable(List<Row> rows, bool all, long now, TextWriter output)
    {
        if (rows.Count == 0)
        {
            output.WriteLine(all ? "no messages" : "no messages waiting");
            return;
        }

        string[] headings = ["QUEUE ID", "KEY", "AGE", "STATE", "SENDER", "SUBJECT", "RECIPIENTS", "NOTICES", "DEADLINE", "DECISION"];
        var table = new TextTable(all ? [.. headings, "OUTCOME"] : headings);
        foreach (var row in rows)
        {
            var m = row.Message;
            string[] cells =
            [
                m.QueueId,
                m.Key,
                HumanText.Span(now - m.ArrivalTime),
                MessageStore.StateName(m.State),
                m.Sender.Length == 0 ? "<>" : SafeText.Cut(m.Sender, 32),
                m.Subject.Length == 0 ? "-" : SafeText.Cut(m.Subject, 30),
                Recipients(row.Recipients),
                row.Notices.ToString(System.Globalization.CultureInfo.InvariantCulture),
                m.Deadline is { } deadline && m.State != MessageState.Closed ? HumanText.Until(deadline, now) : "-",
                row.Decision is { } d ? $"{MessageJson.ActionName(d)} by {d.DecidedBy.KindName}, {MessageJson.StepName(d.Step)}" : "-",
            ];
            table.Add(all ? [.. cells, SafeText.Cut(m.Outcome ?? "-", 40)] : cells);
        }

        table.Write(output);
    }

    /// <summary>The first recipient with its failure class, and how many more: details are in posttls show.</summary>
    private static string Recipients(IReadOnlyList<TrackedRecipient> recipients)
    {
        if (recipients.Count == 0)
        {
            return "-";
        }

        var first = $"{SafeText.Cut(recipients[0].Address, 32)} ({FailureClassNames.Name(recipients[0].Failure)})";
        return recipients.Count == 1 ? first : $"{first} +{recipients.Count - 1} more";
    }

    private sealed record Row(TrackedMessage Message, IReadOnlyList<TrackedRecipient> Recipients, int Notices, DecisionRecord? Decision);
}
