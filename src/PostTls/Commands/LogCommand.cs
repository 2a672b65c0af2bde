// posttls log - the audit trail (see man/posttls.8, LOG).
//
// Root only. Every event PostTLS recorded, oldest first: messages tracked, notices sent,
// decisions by senders and administrators, what was released, deleted or returned, domains
// added and removed. --since limits it to a recent span, --sender to one sender's mail and
// decisions; --json prints one document for scripts.
using System.CommandLine;
using PostTls.Admin;
using PostTls.Cli;
using PostTls.Configuration;
using PostTls.State;
using PostTls.Text;

namespace PostTls.Commands;

internal sealed class LogCommand : Command, IDetailedHelp
{
    private readonly Option<string?> _since = new("--since")
    {
        Description = "Only the last DURATION: 30m, 12h, 3d, 2w (a number alone is seconds)",
        HelpName = "DURATION",
    };

    private readonly Option<string?> _sender = new("--sender")
    {
        Description = "Only the mail of this sender and the decisions it made",
        HelpName = "ADDR",
    };

    private readonly Option<bool> _json = new("--json") { Description = "Print one JSON document" };

    private readonly CommandHost _host;

    public LogCommand(CommandHost host)
        : base("log", "Print the audit trail: who decided what, and what was done (root)")
    {
        _host = host;
        Options.Add(_since);
        Options.Add(_sender);
        Options.Add(_json);
        SetAction(Execute);
    }

    public string Details => """

        Prints the audit log, oldest first, one event a line: when (UTC), the queue ID, the
        message's sender, who acted (sweep, sender:ADDRESS or admin:LOGIN), what was done and
        the details. --sender matches, without regard to case, the sender of the message and
        the sender who decided.

        Examples:
          posttls log --since 1h
          posttls log --since 3d --sender anna@example.org
          posttls log --json | jq '.entries[] | select(.actor | startswith("admin:"))'
        """;

    private int Execute(ParseResult parseResult)
    {
        _host.Privileges.RequireRoot(Name);
        long? since = null;
        if (parseResult.GetValue(_since) is { } text)
        {
            if (!DurationParser.TryParse(text.Trim(), out var duration))
            {
                throw new Problem($"posttls log: --since \"{SafeText.Cut(text, 40)}\" is not a time value such as 30m, 12h, 3d or 2w", ExitCodes.Usage);
            }

            since = _host.Now - (long)duration.Value.TotalSeconds;
        }

        var sender = parseResult.GetValue(_sender)?.Trim().Trim('<', '>');
        var settings = SettingsLoader.Load(parseResult.GetValue(GlobalOptions.Config), _host.Variable);
        var output = parseResult.InvocationConfiguration.Output;
        return AdminSession.Guard(Name, () =>
        {
            using var session = AdminSession.ForReading(_host, Name, settings);
            var entries = session.Reports.AuditTrail(since)
                .Where(e => string.IsNullOrEmpty(sender) || Concerns(e, sender))
                .ToList();
            if (parseResult.GetValue(_json))
            {
                WriteJson(entries, output);
            }
            else
            {
                WriteTable(entries, output);
            }

            return ExitCodes.Ok;
        });
    }

    /// <summary>
    /// Compared here rather than in SQL: SQLite folds case for ASCII only, and addresses may
    /// be internationalised.
    /// </summary>
    private static bool Concerns(AuditEntry entry, string sender) =>
        string.Equals(entry.Sender, sender, StringComparison.OrdinalIgnoreCase)
        || (entry.Actor.Kind is ActorKind.Sender or ActorKind.Choice or ActorKind.Header
            && string.Equals(entry.Actor.Name, sender, StringComparison.OrdinalIgnoreCase));

    private static void WriteJson(List<AuditEntry> entries, TextWriter output) =>
        JsonOutput.Write(output, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("entries");
            foreach (var e in entries)
            {
                writer.WriteStartObject();
                writer.WriteNumber("at", e.At);
                writer.WriteStringOrNull("queue_id", e.QueueId);
                writer.WriteStringOrNull("key", e.Key);
                writer.WriteStringOrNull("sender", e.Sender);
                writer.WriteStringOrNull("subject", e.Subject);
                writer.WriteString("actor", e.Actor.Text);
                writer.WriteString("action", e.Action.Text);
                writer.WriteString("detail", e.Detail);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });

    private static void WriteTable(List<AuditEntry> entries, TextWriter output)
    {
        if (entries.Count == 0)
        {
            output.WriteLine("no audit entries");
            return;
        }

        var table = new TextTable("TIME (UTC)", "QUEUE ID", "SENDER", "ACTOR", "ACTION", "DETAIL");
        foreach (var e in entries)
        {
            table.Add(HumanText.Time(e.At, zone: false), e.QueueId ?? "-", e.Sender is null ? "-" : e.Sender.Length == 0 ? "<>" : SafeText.Cut(e.Sender, 32),
                SafeText.Cut(e.Actor.Text, 40), SafeText.Clean(e.Action.Text), e.Detail.Length == 0 ? "-" : SafeText.Clean(e.Detail));
        }

        table.Write(output);
    }
}
