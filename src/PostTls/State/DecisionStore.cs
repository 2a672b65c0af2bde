using PostTls.Tagging;

namespace PostTls.State;

/// <summary>Decisions and their release groups.</summary>
internal sealed class DecisionStore(StateDatabase database)
{
    public bool HasFile(string file)
    {
        using var command = database.Command("SELECT 1 FROM decisions WHERE file = $f", ("$f", file));
        return command.ExecuteScalar() is not null;
    }

    /// <summary>
    /// The decision that counts for a message: the first one that did not fail. A failed one
    /// (nothing could be released, the message had gone) leaves room for another, e.g. delete.
    /// </summary>
    public DecisionRecord? ForMessage(long messageId) =>
        Many("SELECT id, message, action, decided_by, decided_at, step FROM decisions WHERE message = $m AND step <> 'failed' ORDER BY id LIMIT 1", ("$m", messageId))
            .FirstOrDefault();

    /// <summary>The decision made last for a message, or null: what the administrator sees in posttls list.</summary>
    public DecisionRecord? LatestForMessage(long messageId) =>
        Many("SELECT id, message, action, decided_by, decided_at, step FROM decisions WHERE message = $m ORDER BY id DESC LIMIT 1", ("$m", messageId))
            .FirstOrDefault();

    public IReadOnlyList<DecisionRecord> Unfinished() =>
        Many("SELECT id, message, action, decided_by, decided_at, step FROM decisions WHERE step NOT IN ('done', 'failed') ORDER BY id");

    /// <param name="priorState">The message's state before this decision, to be restored if it cannot be carried out.</param>
    public DecisionRecord Insert(long messageId, SenderAction action, Actor decidedBy, long decidedAt, string? file, MessageState? priorState = null)
    {
        // last_insert_rowid(), not RETURNING (SQLite 3.35): the portable build links Debian 11's SQLite 3.34.
        using var command = database.Command("""
            INSERT INTO decisions (message, action, decided_by, decided_at, file, step, prior_state)
            VALUES ($m, $a, $by, $at, $f, 'accepted', $p);
            SELECT last_insert_rowid();
            """,
            ("$m", messageId), ("$a", action.ToString().ToLowerInvariant()), ("$by", decidedBy.Text), ("$at", decidedAt), ("$f", file),
            ("$p", priorState is { } state ? MessageStore.StateName(state) : null));
        return new DecisionRecord((long)command.ExecuteScalar()!, messageId, action, decidedBy, decidedAt, DecisionStep.Accepted);
    }

    /// <summary>Limits a release to the recipients in <paramref name="domains"/> (a remembered choice); the others stay, as never-insecure ones do.</summary>
    public void SetOnlyDomains(long id, IReadOnlyCollection<string> domains) =>
        database.Execute("UPDATE decisions SET only_domains = $d WHERE id = $id", ("$d", string.Join('\n', domains)), ("$id", id));

    /// <summary>The domains a release is limited to; null: every recipient that may be released.</summary>
    public IReadOnlySet<string>? OnlyDomains(long id) =>
        Scalar("SELECT only_domains FROM decisions WHERE id = $id", id) is string text
            ? text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : null;

    /// <summary>Records a step; progress also restarts the count of release_retry_time.</summary>
    public void SetStep(long id, DecisionStep step, long at, string? result = null) =>
        database.Execute("UPDATE decisions SET step = $s, applied_at = $at, result = COALESCE($r, result), retry_since = NULL WHERE id = $id",
            ("$s", step.ToString().ToLowerInvariant()), ("$at", at), ("$r", result), ("$id", id));

    /// <summary>The step a decision has reached now (a record read earlier in the run may be behind).</summary>
    public DecisionStep CurrentStep(long id) =>
        Enum.Parse<DecisionStep>((string)Scalar("SELECT step FROM decisions WHERE id = $id", id)!, ignoreCase: true);

    /// <summary>The message's state before the decision; null for decisions recorded before this was kept.</summary>
    public MessageState? PriorState(long id) =>
        Scalar("SELECT prior_state FROM decisions WHERE id = $id", id) is string state ? Enum.Parse<MessageState>(state, ignoreCase: true) : null;

    /// <summary>Whether the message was on hold before apply held it; null until <see cref="SetWasOnHold"/>.</summary>
    public bool? WasOnHold(long id) => Scalar("SELECT was_on_hold FROM decisions WHERE id = $id", id) is long held ? held != 0 : null;

    public void SetWasOnHold(long id, bool held) =>
        database.Execute("UPDATE decisions SET was_on_hold = $h WHERE id = $id", ("$h", held ? 1 : 0), ("$id", id));

    /// <summary>When the decision first failed transiently since its last step, recorded now if it had not.</summary>
    public long RetrySince(long id, long now)
    {
        database.Execute("UPDATE decisions SET retry_since = $now WHERE id = $id AND retry_since IS NULL", ("$now", now), ("$id", id));
        return (long)Scalar("SELECT retry_since FROM decisions WHERE id = $id", id)!;
    }

    /// <summary>True when a "send without encryption" for the message ended without being carried out.</summary>
    public bool ReleaseFailed(long messageId) =>
        Scalar("SELECT 1 FROM decisions WHERE message = $id AND action = 'release' AND step = 'failed' LIMIT 1", messageId) is not null;

    private object? Scalar(string sql, long id)
    {
        using var command = database.Command(sql, ("$id", id));
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public void AddGroup(long decisionId, string? nextHop, IReadOnlyList<string> recipients) =>
        database.Execute("INSERT INTO releases (decision, nexthop, recipients) VALUES ($d, $n, $r)",
            ("$d", decisionId), ("$n", nextHop), ("$r", string.Join('\n', recipients)));

    /// <summary>Drops the groups of a decision that is still being planned (none is submitted yet).</summary>
    public void ForgetGroups(long decisionId) =>
        database.Execute("DELETE FROM releases WHERE decision = $d AND new_queue_id IS NULL", ("$d", decisionId));

    public IReadOnlyList<ReleaseGroup> Groups(long decisionId)
    {
        using var command = database.Command("SELECT id, nexthop, recipients, new_queue_id FROM releases WHERE decision = $d ORDER BY id", ("$d", decisionId));
        using var reader = command.ExecuteReader();
        var groups = new List<ReleaseGroup>();
        while (reader.Read())
        {
            groups.Add(new ReleaseGroup(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetString(2).Split('\n', StringSplitOptions.RemoveEmptyEntries), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return groups;
    }

    public void Submitted(long groupId, string newQueueId, long at) =>
        database.Execute("UPDATE releases SET new_queue_id = $q, submitted_at = $at WHERE id = $id", ("$q", newQueueId), ("$at", at), ("$id", groupId));

    private List<DecisionRecord> Many(string sql, params (string, object?)[] parameters)
    {
        using var command = database.Command(sql, parameters);
        using var reader = command.ExecuteReader();
        var list = new List<DecisionRecord>();
        while (reader.Read())
        {
            list.Add(new DecisionRecord(reader.GetInt64(0), reader.GetInt64(1),
                Enum.Parse<SenderAction>(reader.GetString(2), ignoreCase: true), Actor.FromStored(reader.GetString(3)), reader.GetInt64(4),
                Enum.Parse<DecisionStep>(reader.GetString(5), ignoreCase: true)));
        }

        return list;
    }
}
