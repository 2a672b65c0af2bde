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

    public DecisionRecord Insert(long messageId, SenderAction action, string decidedBy, long decidedAt, string? file)
    {
        using var command = database.Command("""
            INSERT INTO decisions (message, action, decided_by, decided_at, file, step)
            VALUES ($m, $a, $by, $at, $f, 'accepted') RETURNING id
            """,
            ("$m", messageId), ("$a", action.ToString().ToLowerInvariant()), ("$by", decidedBy), ("$at", decidedAt), ("$f", file));
        return new DecisionRecord((long)command.ExecuteScalar()!, messageId, action, decidedBy, decidedAt, DecisionStep.Accepted);
    }

    public void SetStep(long id, DecisionStep step, long at, string? result = null) =>
        database.Execute("UPDATE decisions SET step = $s, applied_at = $at, result = COALESCE($r, result) WHERE id = $id",
            ("$s", step.ToString().ToLowerInvariant()), ("$at", at), ("$r", result), ("$id", id));

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
                Enum.Parse<SenderAction>(reader.GetString(2), ignoreCase: true), reader.GetString(3), reader.GetInt64(4),
                Enum.Parse<DecisionStep>(reader.GetString(5), ignoreCase: true)));
        }

        return list;
    }
}
