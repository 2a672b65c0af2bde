// posttls show - everything known about one message (see man/posttls.8, SHOW).
//
// Root only. The message is named by its queue ID, its X-PostTLS-ID tag or its key. Prints
// its envelope and header data, the affected recipients with the delivery attempt's
// reason, the notifications sent, the decisions with their release groups and new queue
// IDs, and its audit history in order. Exit status 66 when no such message is known.
using System.CommandLine;
using System.Text.Json;
using PostTls.Admin;
using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Queue;
using PostTls.State;
using PostTls.Text;

namespace PostTls.Commands;

internal sealed class ShowCommand : Command, IDetailedHelp
{
    private readonly Argument<string> _message = new("ID|TAG|KEY") { Description = "Queue ID, X-PostTLS-ID tag or 16-character key" };
    private readonly Option<bool> _json = new("--json") { Description = "Print one JSON document" };

    private readonly CommandHost _host;

    public ShowCommand(CommandHost host)
        : base("show", "Show everything known about one message, with its history (root)")
    {
        _host = host;
        Arguments.Add(_message);
        Options.Add(_json);
        SetAction(Execute);
    }

    public string Details => """

        Names the message by its queue ID (as mailq and posttls list show it), its full
        X-PostTLS-ID tag, or its key (the tag's first 16 characters, as the log shows it). A
        queue ID that Postfix reused names the message still tracked, else the latest one.
        Exits with status 66 when no message is known by that name.

        Examples:
          posttls show 4B7C81E2A3
          posttls show fmhdrestyld67fgf
          posttls show fmhdrestyld67fgf.1795340986.72s3l7i6tlif5kif --json
        """;

    private int Execute(ParseResult parseResult)
    {
        _host.Privileges.RequireRoot(Name);
        var settings = SettingsLoader.Load(parseResult.GetValue(GlobalOptions.Config), _host.Variable);
        var text = parseResult.GetValue(_message)!;
        var reference = AdminMessages.Parse(Name, text);
        var output = parseResult.InvocationConfiguration.Output;
        return AdminSession.Guard(Name, () =>
        {
            using var session = AdminSession.ForReading(_host, Name, settings);
            var message = AdminMessages.Find(session, reference);
            var view = new View(message, session.Messages.Recipients(message.Id), session.Reports.Notifications(message.Id),
                session.Reports.Decisions(message.Id), session.Reports.History(message.Id));
            if (parseResult.GetValue(_json))
            {
                JsonOutput.Write(output, writer => WriteJson(writer, view, session.Now));
            }
            else
            {
                WriteText(view, session.Now, output);
            }

            return ExitCodes.Ok;
        });
    }

    private static void WriteJson(Utf8JsonWriter writer, View view, long now)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("message");
        MessageJson.WriteFields(writer, view.Message, view.Notifications.Count, now);
        writer.WriteStringOrNull("date_header", view.Message.DateHeader);
        writer.WriteStringOrNull("message_id_header", view.Message.MessageIdHeader);
        MessageJson.WriteRecipients(writer, view.Recipients, details: true);
        writer.WriteEndObject();

        writer.WriteStartArray("notifications");
        foreach (var n in view.Notifications)
        {
            writer.WriteStartObject();
            writer.WriteString("kind", n.Kind.Text);
            writer.WriteNumber("sent_at", n.SentAt);
            writer.WriteString("recipient", n.Recipient);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("decisions");
        foreach (var d in view.Decisions)
        {
            writer.WriteStartObject();
            MessageJson.WriteDecisionFields(writer, d.Decision);
            writer.WriteNumberOrNull("applied_at", d.AppliedAt);
            writer.WriteStringOrNull("result", d.Result);
            writer.WriteStartArray("releases");
            foreach (var r in d.Releases)
            {
                writer.WriteStartObject();
                writer.WriteStringOrNull("nexthop", r.NextHop);
                writer.WriteStartArray("recipients");
                foreach (var address in r.Recipients)
                {
                    writer.WriteStringValue(address);
                }

                writer.WriteEndArray();
                writer.WriteStringOrNull("new_queue_id", r.NewQueueId);
                writer.WriteNumberOrNull("submitted_at", r.SubmittedAt);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("history");
        foreach (var entry in view.History)
        {
            writer.WriteStartObject();
            writer.WriteNumber("at", entry.At);
            writer.WriteStringOrNull("queue_id", entry.QueueId);
            writer.WriteString("actor", entry.Actor.Text);
            writer.WriteString("action", entry.Action.Text);
            writer.WriteString("detail", entry.Detail);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteText(View view, long now, TextWriter output)
    {
        var m = view.Message;
        output.WriteLine($"Message {m.QueueId}, key {m.Key}");
        var facts = new List<(string Name, string Value)>
        {
            ("state", MessageStore.StateName(m.State) + (m.Outcome is null ? "" : ": " + SafeText.Clean(m.Outcome))),
            ("tag", m.Tag ?? "none (not submitted through the filter)"),
            ("sender", m.Sender.Length == 0 ? "<> (null sender)" : "<" + SafeText.Clean(m.Sender) + ">"),
            ("subject", SafeText.Clean(m.Subject)),
            ("date", SafeText.Clean(m.DateHeader ?? "-")),
            ("message-id", SafeText.Clean(m.MessageIdHeader ?? "-")),
            ("arrived", $"{HumanText.Time(m.ArrivalTime)} ({HumanText.Span(now - m.ArrivalTime)} ago)"),
            ("first seen", HumanText.Time(m.FirstSeen)),
            ("first notice", m.FirstNoticeAt is { } noticed ? HumanText.Time(noticed) : "-"),
            ("deadline", m.Deadline is not { } deadline ? "-"
                : m.State == MessageState.Closed ? HumanText.Time(deadline)
                : $"{HumanText.Time(deadline)} ({HumanText.Until(deadline, now)})"),
            ("reminders", m.RemindersSent.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (m.MissingSince is { } missing)
        {
            facts.Add(("missing since", HumanText.Time(missing) + " (not in the last queue reading)"));
        }

        var width = facts.Max(f => f.Name.Length) + 1;
        foreach (var (name, value) in facts)
        {
            output.WriteLine($"  {(name + ":").PadRight(width)} {value}");
        }

        output.WriteLine();
        output.WriteLine("Recipients");
        Section(output, view.Recipients.Count, () =>
        {
            foreach (var r in view.Recipients)
            {
                output.WriteLine($"  {SafeText.Clean(r.Address)}  {FailureClassNames.Name(r.Failure)}"
                    + (r.NeverInsecure ? "  never-insecure" : "") + (r.Host is null ? "" : "  host " + SafeText.Clean(r.Host)));
                output.WriteLine($"    {SafeText.Clean(r.DelayReason)}");
            }
        });

        output.WriteLine();
        output.WriteLine("Notifications");
        Section(output, view.Notifications.Count, () =>
        {
            foreach (var n in view.Notifications)
            {
                output.WriteLine($"  {HumanText.Time(n.SentAt)}  {n.Kind} to <{SafeText.Clean(n.Recipient)}>");
            }
        });

        output.WriteLine();
        output.WriteLine("Decisions");
        Section(output, view.Decisions.Count, () =>
        {
            foreach (var d in view.Decisions)
            {
                output.WriteLine($"  {HumanText.Time(d.Decision.DecidedAt)}  {MessageJson.ActionName(d.Decision)} by {SafeText.Clean(d.Decision.DecidedBy.Text)},"
                    + $" step {MessageJson.StepName(d.Decision.Step)}" + (d.Result is null ? "" : ": " + SafeText.Clean(d.Result)));
                foreach (var r in d.Releases)
                {
                    var route = r.NextHop is null ? "through normal routing" : $"to {SafeText.Clean(r.NextHop)} without TLS";
                    var queued = r.NewQueueId is null ? "not submitted yet" : "queued as " + r.NewQueueId;
                    output.WriteLine($"    {route}: {SafeText.Clean(string.Join(", ", r.Recipients))}; {queued}");
                }
            }
        });

        output.WriteLine();
        output.WriteLine("History");
        Section(output, view.History.Count, () =>
        {
            var table = new TextTable("  TIME (UTC)", "QUEUE ID", "ACTOR", "ACTION", "DETAIL");
            foreach (var e in view.History)
            {
                table.Add("  " + HumanText.Time(e.At, zone: false), e.QueueId ?? "-", SafeText.Clean(e.Actor.Text), SafeText.Clean(e.Action.Text), SafeText.Clean(e.Detail));
            }

            table.Write(output);
        });
    }

    private static void Section(TextWriter output, int count, Action write)
    {
        if (count == 0)
        {
            output.WriteLine("  none");
        }
        else
        {
            write();
        }
    }

    private sealed record View(
        TrackedMessage Message,
        IReadOnlyList<TrackedRecipient> Recipients,
        IReadOnlyList<NotificationRow> Notifications,
        IReadOnlyList<DecisionDetail> Decisions,
        IReadOnlyList<AuditEntry> History);
}
