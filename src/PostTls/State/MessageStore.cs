using Microsoft.Data.Sqlite;
using PostTls.Queue;

namespace PostTls.State;

/// <summary>Reads and writes tracked messages, their recipients, notifications and the audit log.</summary>
internal sealed class MessageStore(StateDatabase database)
{
    private const string Columns = """
        id, message_key, tag, queue_id, arrival_time, sender, subject, date_header, message_id_header,
        state, first_seen, first_notice_at, reminders_sent, deadline, missing_since, outcome, tls_required_no
        """;

    public TrackedMessage? FindByQueue(string queueId, long arrivalTime) =>
        Single($"SELECT {Columns} FROM messages WHERE queue_id = $q AND arrival_time = $a", ("$q", queueId), ("$a", arrivalTime));

    public TrackedMessage? FindByKey(string key) =>
        Single($"SELECT {Columns} FROM messages WHERE message_key = $k", ("$k", key));

    public TrackedMessage? FindById(long id) =>
        Single($"SELECT {Columns} FROM messages WHERE id = $id", ("$id", id));

    /// <summary>
    /// The messages a queue ID named, the one still tracked first, then the newest: Postfix
    /// reuses queue IDs, so closed messages of the past may share it.
    /// </summary>
    public IReadOnlyList<TrackedMessage> FindByQueueId(string queueId) =>
        Many($"SELECT {Columns} FROM messages WHERE queue_id = $q ORDER BY state = 'closed', id DESC", ("$q", queueId));

    /// <summary>Messages that wait for someone (see <see cref="Waiting"/>), or every message; oldest first.</summary>
    public IReadOnlyList<TrackedMessage> List(bool all) =>
        all
            ? Many($"SELECT {Columns} FROM messages ORDER BY arrival_time, id")
            : Many($"SELECT {Columns} FROM messages WHERE state IN ({string.Join(", ", Waiting.Select(s => $"'{StateName(s)}'"))}) ORDER BY arrival_time, id");

    /// <summary>The states in which a message still waits for a decision, or for the administrator.</summary>
    public static IReadOnlyList<MessageState> Waiting { get; } =
        [MessageState.Open, MessageState.Deciding, MessageState.Held, MessageState.Untagged, MessageState.Admin];

    /// <summary>Every message that is not closed.</summary>
    public IReadOnlyList<TrackedMessage> Unclosed() =>
        Many($"SELECT {Columns} FROM messages WHERE state <> 'closed' ORDER BY id");

    /// <summary>
    /// Unclosed messages the sweep found carrying another message's tag (<see cref="AuditAction.TagReused"/>)
    /// whose alert (<see cref="NotificationKind.TagReused"/>) has not gone out, with the
    /// audit detail, oldest first.
    /// </summary>
    public IReadOnlyList<(TrackedMessage Message, string Detail)> TagReusesNotAlerted()
    {
        var qualified = string.Join(", ", Columns.Split(',').Select(c => "m." + c.Trim()));
        using var command = database.Command($"""
            SELECT {qualified}, a.detail FROM audit_log a JOIN messages m ON m.id = a.message
            WHERE a.action = $reused AND m.state <> 'closed'
              AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.message = m.id AND n.kind = $alert)
            ORDER BY m.id
            """, ("$reused", AuditAction.TagReused.Text), ("$alert", NotificationKind.TagReused.Text));
        using var reader = command.ExecuteReader();
        var list = new List<(TrackedMessage, string)>();
        while (reader.Read())
        {
            list.Add((Read(reader), reader.GetString(17)));
        }

        return list;
    }

    public long Insert(TrackedMessage message, IReadOnlyList<TrackedRecipient> recipients)
    {
        // last_insert_rowid(), not RETURNING (SQLite 3.35): the portable build links Debian 11's SQLite 3.34.
        using var command = database.Command("""
            INSERT INTO messages (message_key, tag, queue_id, arrival_time, sender, subject, date_header,
                message_id_header, state, first_seen, tls_required_no)
            VALUES ($key, $tag, $queue, $arrival, $sender, $subject, $date, $mid, $state, $seen, $trn);
            SELECT last_insert_rowid();
            """,
            ("$key", message.Key), ("$tag", message.Tag), ("$queue", message.QueueId), ("$arrival", message.ArrivalTime),
            ("$sender", message.Sender), ("$subject", message.Subject), ("$date", message.DateHeader),
            ("$mid", message.MessageIdHeader), ("$state", StateName(message.State)), ("$seen", message.FirstSeen),
            ("$trn", message.TlsRequiredNo));
        var id = (long)command.ExecuteScalar()!;
        ReplaceRecipients(id, recipients);
        return id;
    }

    /// <summary>A recipient listed twice (Postfix can queue duplicates) is stored once: a repeat must not fail the whole message.</summary>
    public void ReplaceRecipients(long id, IReadOnlyList<TrackedRecipient> recipients)
    {
        database.Execute("DELETE FROM recipients WHERE message = $id", ("$id", id));
        foreach (var r in recipients)
        {
            database.Execute("""
                INSERT OR IGNORE INTO recipients (message, address, failure_class, host, server_reply, delay_reason, never_insecure)
                VALUES ($id, $address, $class, $host, $reply, $reason, $never)
                """,
                ("$id", id), ("$address", r.Address), ("$class", r.Failure.ToString()), ("$host", r.Host),
                ("$reply", r.ServerReply), ("$reason", r.DelayReason), ("$never", r.NeverInsecure ? 1 : 0));
        }
    }

    public IReadOnlyList<TrackedRecipient> Recipients(long id)
    {
        using var command = database.Command(
            "SELECT address, failure_class, host, server_reply, delay_reason, never_insecure FROM recipients WHERE message = $id ORDER BY address",
            ("$id", id));
        using var reader = command.ExecuteReader();
        var list = new List<TrackedRecipient>();
        while (reader.Read())
        {
            list.Add(ReadRecipient(reader, 0));
        }

        return list;
    }

    private static TrackedRecipient ReadRecipient(SqliteDataReader r, int first) =>
        new(r.GetString(first), Enum.Parse<FailureClass>(r.GetString(first + 1)),
            NullableString(r, first + 2), NullableString(r, first + 3), r.GetString(first + 4), r.GetInt64(first + 5) != 0);

    /// <summary>
    /// The recipients of every message that is not closed, by message, in one query (a sweep
    /// looks at all of them; one query per message costs more than the reading itself).
    /// CROSS JOIN keeps the messages the outer loop: SQLite then walks the index of unclosed
    /// messages and each one's recipients in key order, never the closed messages' recipients.
    /// </summary>
    public IReadOnlyDictionary<long, IReadOnlyList<TrackedRecipient>> RecipientsOfUnclosed()
    {
        using var command = database.Command("""
            SELECT r.message, r.address, r.failure_class, r.host, r.server_reply, r.delay_reason, r.never_insecure
            FROM messages m CROSS JOIN recipients r ON r.message = m.id
            WHERE m.state <> 'closed'
            ORDER BY m.id, r.address
            """);
        using var reader = command.ExecuteReader();
        var byMessage = new Dictionary<long, IReadOnlyList<TrackedRecipient>>();
        while (reader.Read())
        {
            var id = reader.GetInt64(0);
            if (!byMessage.TryGetValue(id, out var list))
            {
                list = new List<TrackedRecipient>();
                byMessage[id] = list;
            }

            ((List<TrackedRecipient>)list).Add(ReadRecipient(reader, 1));
        }

        return byMessage;
    }

    public void MoveTo(long id, string queueId, long arrivalTime) =>
        database.Execute("UPDATE messages SET queue_id = $q, arrival_time = $a, missing_since = NULL WHERE id = $id",
            ("$q", queueId), ("$a", arrivalTime), ("$id", id));

    /// <summary>Takes a message's tag away: it is tracked as untagged under <paramref name="key"/> from now on.</summary>
    public void Untrust(long id, string key) =>
        database.Execute("UPDATE messages SET message_key = $k, tag = NULL, state = 'untagged' WHERE id = $id", ("$k", key), ("$id", id));

    public void SetMissing(long id, long? since) =>
        database.Execute("UPDATE messages SET missing_since = $s WHERE id = $id", ("$s", since), ("$id", id));

    public void SetState(long id, MessageState state) =>
        database.Execute("UPDATE messages SET state = $s WHERE id = $id", ("$s", StateName(state)), ("$id", id));

    public void Close(long id, string outcome, long at) =>
        database.Execute("UPDATE messages SET state = 'closed', outcome = $o, closed_at = $at WHERE id = $id",
            ("$o", outcome), ("$at", at), ("$id", id));

    public void SetFirstNotice(long id, long at, long deadline) =>
        database.Execute("UPDATE messages SET first_notice_at = $at, deadline = $d WHERE id = $id",
            ("$at", at), ("$d", deadline), ("$id", id));

    public void ClearFirstNotice(long id) =>
        database.Execute("UPDATE messages SET first_notice_at = NULL, deadline = NULL WHERE id = $id", ("$id", id));

    public void SetRemindersSent(long id, int count) =>
        database.Execute("UPDATE messages SET reminders_sent = $n WHERE id = $id", ("$n", count), ("$id", id));

    /// <summary>Records that a notification of <paramref name="kind"/> goes out; false if one already did.</summary>
    public bool TryRecordNotification(long id, NotificationKind kind, long at, string recipient) =>
        database.Execute("INSERT OR IGNORE INTO notifications (message, kind, sent_at, recipient) VALUES ($id, $k, $at, $r)",
            ("$id", id), ("$k", kind.Text), ("$at", at), ("$r", recipient)) == 1;

    /// <summary>Takes back a notification record whose mail could not be handed to sendmail, so the next sweep tries again.</summary>
    public void ForgetNotification(long id, NotificationKind kind) =>
        database.Execute("DELETE FROM notifications WHERE message = $id AND kind = $k", ("$id", id), ("$k", kind.Text));

    public bool HasNotification(long id, NotificationKind kind)
    {
        using var command = database.Command("SELECT 1 FROM notifications WHERE message = $id AND kind = $k", ("$id", id), ("$k", kind.Text));
        return command.ExecuteScalar() is not null;
    }

    public void Audit(long at, long? messageId, string? queueId, Actor actor, AuditAction action, string detail = "") =>
        database.Execute("INSERT INTO audit_log (at, message, queue_id, actor, action, detail) VALUES ($at, $m, $q, $actor, $action, $detail)",
            ("$at", at), ("$m", messageId), ("$q", queueId), ("$actor", actor.Text), ("$action", action.Text), ("$detail", detail));

    internal static string StateName(MessageState state) => state.ToString().ToLowerInvariant();

    private TrackedMessage? Single(string sql, params (string, object?)[] parameters) => Many(sql, parameters).FirstOrDefault();

    private List<TrackedMessage> Many(string sql, params (string, object?)[] parameters)
    {
        using var command = database.Command(sql, parameters);
        using var reader = command.ExecuteReader();
        var list = new List<TrackedMessage>();
        while (reader.Read())
        {
            list.Add(Read(reader));
        }

        return list;
    }

    private static TrackedMessage Read(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), NullableString(r, 2), r.GetString(3), r.GetInt64(4), r.GetString(5), r.GetString(6),
        NullableString(r, 7), NullableString(r, 8), Enum.Parse<MessageState>(r.GetString(9), ignoreCase: true), r.GetInt64(10),
        NullableLong(r, 11), r.GetInt32(12), NullableLong(r, 13), NullableLong(r, 14), NullableString(r, 15), r.GetInt64(16) != 0);

    private static string? NullableString(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static long? NullableLong(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
}
