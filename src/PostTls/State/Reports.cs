using Microsoft.Data.Sqlite;
using PostTls.Queue;

namespace PostTls.State;

/// <summary>
/// Read-only queries for the administrator's commands (show, log, stats). Nothing here
/// writes; the commands that act go through <see cref="MessageStore"/> and the decision path.
/// </summary>
internal sealed class Reports(StateDatabase database)
{
    /// <summary>How stats names the administrator's returns, next to the release and delete of the decisions table.</summary>
    private const string ReturnLabel = "return";

    /// <summary>(action, actor kind) pairs that stats always reports; a sender cannot ask for a return.</summary>
    public static IReadOnlyList<(string Action, string By)> DecisionKinds { get; } =
    [
        ("release", Actor.KindWord(ActorKind.Sender)), ("delete", Actor.KindWord(ActorKind.Sender)),
        ("release", Actor.KindWord(ActorKind.Admin)), ("delete", Actor.KindWord(ActorKind.Admin)), (ReturnLabel, Actor.KindWord(ActorKind.Admin)),
    ];

    public int NotificationCount(long messageId)
    {
        using var command = database.Command("SELECT count(*) FROM notifications WHERE message = $m", ("$m", messageId));
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public IReadOnlyList<NotificationRow> Notifications(long messageId)
    {
        using var command = database.Command(
            "SELECT kind, sent_at, recipient FROM notifications WHERE message = $m ORDER BY sent_at, kind", ("$m", messageId));
        using var reader = command.ExecuteReader();
        var list = new List<NotificationRow>();
        while (reader.Read())
        {
            list.Add(new NotificationRow(NotificationKind.FromStored(reader.GetString(0)), reader.GetInt64(1), reader.GetString(2)));
        }

        return list;
    }

    /// <summary>Every decision for a message, first first, with its release groups.</summary>
    public IReadOnlyList<DecisionDetail> Decisions(long messageId)
    {
        var rows = new List<(DecisionRecord Decision, long? AppliedAt, string? Result)>();
        using (var command = database.Command(
            "SELECT id, message, action, decided_by, decided_at, step, applied_at, result FROM decisions WHERE message = $m ORDER BY id",
            ("$m", messageId)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var decision = new DecisionRecord(reader.GetInt64(0), reader.GetInt64(1),
                    Enum.Parse<Tagging.SenderAction>(reader.GetString(2), ignoreCase: true), Actor.FromStored(reader.GetString(3)), reader.GetInt64(4),
                    Enum.Parse<DecisionStep>(reader.GetString(5), ignoreCase: true));
                rows.Add((decision, NullableLong(reader, 6), NullableString(reader, 7)));
            }
        }

        return rows.Select(r => new DecisionDetail(r.Decision, r.AppliedAt, r.Result, Releases(r.Decision.Id))).ToList();
    }

    /// <summary>The audit rows of one message, in the order they were written.</summary>
    public IReadOnlyList<AuditEntry> History(long messageId) =>
        Audit("WHERE a.message = $m", ("$m", messageId));

    /// <summary>The audit log, oldest first, from <paramref name="since"/> (Unix seconds) if given.</summary>
    public IReadOnlyList<AuditEntry> AuditTrail(long? since) =>
        since is { } from ? Audit("WHERE a.at >= $since", ("$since", from)) : Audit("");

    /// <param name="now">For the remembered choices that hold (Unix seconds).</param>
    public Statistics Statistics(long now)
    {
        var states = Enum.GetValues<MessageState>().ToDictionary(s => s, _ => 0L);
        foreach (var (name, count) in Counts("SELECT state, count(*) FROM messages GROUP BY state"))
        {
            if (Enum.TryParse<MessageState>(name, ignoreCase: true, out var state))
            {
                states[state] = count;
            }
        }

        var failures = Enum.GetValues<FailureClass>().Where(f => f != FailureClass.None).ToDictionary(f => f, _ => 0L);
        foreach (var (name, count) in Counts(
            "SELECT r.failure_class, count(*) FROM recipients r JOIN messages m ON m.id = r.message WHERE m.state <> 'closed' GROUP BY r.failure_class"))
        {
            if (Enum.TryParse<FailureClass>(name, out var failure))
            {
                failures[failure] = failures.GetValueOrDefault(failure) + count;
            }
        }

        var kinds = NotificationKind.ReportedSeries.ToDictionary(k => k, _ => 0L, StringComparer.Ordinal);
        foreach (var (name, count) in Counts("SELECT kind, count(*) FROM notifications GROUP BY kind"))
        {
            var series = NotificationKind.FromStored(name).Series;
            kinds[series] = kinds.GetValueOrDefault(series) + count;
        }

        var (decisions, seconds) = DecisionFigures();
        var (holding, made) = ChoiceCounts(now);
        return new Statistics(states, failures, kinds, decisions, seconds, holding, made);
    }

    /// <summary>
    /// Decisions are the rows of the decisions table (release, delete) and the administrator's
    /// returns, which the audit log alone records: a return needs no steps to resume. The
    /// sweep's returns (default_action, never_insecure_action) are the policy's, not decisions.
    /// </summary>
    private (IReadOnlyList<(string Action, string By, long Count)> Counts, IReadOnlyList<long> Seconds) DecisionFigures()
    {
        var counts = DecisionKinds.ToDictionary(k => k, _ => 0L);
        var seconds = new List<long>();
        using var command = database.Command("""
            SELECT d.action, d.decided_by, d.decided_at, m.first_notice_at
              FROM decisions d JOIN messages m ON m.id = d.message
            UNION ALL
            SELECT NULL, a.actor, a.at, m.first_notice_at
              FROM audit_log a JOIN messages m ON m.id = a.message
             WHERE a.action = $returned
            """, ("$returned", AuditAction.Returned.Text));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var actor = Actor.FromStored(reader.GetString(1));
            var isReturn = reader.IsDBNull(0);
            if (isReturn && actor.Kind != ActorKind.Admin)
            {
                continue;
            }

            var key = (isReturn ? ReturnLabel : reader.GetString(0), actor.KindName);
            counts[key] = counts.GetValueOrDefault(key) + 1;
            if (NullableLong(reader, 3) is { } noticed && reader.GetInt64(2) >= noticed)
            {
                seconds.Add(reader.GetInt64(2) - noticed);
            }
        }

        seconds.Sort();
        return (counts.Select(c => (c.Key.Item1, c.Key.Item2, c.Value)).ToList(), seconds);
    }

    private (long Holding, long Made) ChoiceCounts(long now)
    {
        using var command = database.Command(
            "SELECT count(*) FILTER (WHERE ended_at IS NULL AND expires_at > $now), count(*) FROM remembered_choices", ("$now", now));
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private List<ReleaseRow> Releases(long decisionId)
    {
        using var command = database.Command(
            "SELECT nexthop, recipients, new_queue_id, submitted_at FROM releases WHERE decision = $d ORDER BY id", ("$d", decisionId));
        using var reader = command.ExecuteReader();
        var list = new List<ReleaseRow>();
        while (reader.Read())
        {
            list.Add(new ReleaseRow(NullableString(reader, 0), reader.GetString(1).Split('\n', StringSplitOptions.RemoveEmptyEntries),
                NullableString(reader, 2), NullableLong(reader, 3)));
        }

        return list;
    }

    private List<AuditEntry> Audit(string where, params (string, object?)[] parameters)
    {
        using var command = database.Command($"""
            SELECT a.id, a.at, a.message, a.queue_id, m.message_key, a.actor, a.action, a.detail, m.sender, m.subject
              FROM audit_log a LEFT JOIN messages m ON m.id = a.message
              {where}
             ORDER BY a.at, a.id
            """, parameters);
        using var reader = command.ExecuteReader();
        var list = new List<AuditEntry>();
        while (reader.Read())
        {
            list.Add(new AuditEntry(reader.GetInt64(0), reader.GetInt64(1), NullableLong(reader, 2), NullableString(reader, 3),
                NullableString(reader, 4), Actor.FromStored(reader.GetString(5)), AuditAction.FromStored(reader.GetString(6)), reader.GetString(7), NullableString(reader, 8),
                NullableString(reader, 9)));
        }

        return list;
    }

    private List<(string Name, long Count)> Counts(string sql)
    {
        using var command = database.Command(sql);
        using var reader = command.ExecuteReader();
        var list = new List<(string, long)>();
        while (reader.Read())
        {
            list.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return list;
    }

    private static string? NullableString(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static long? NullableLong(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
}
