using Microsoft.Data.Sqlite;

namespace PostTls.State;

/// <summary>The remembered choices (<see cref="RememberedChoice"/>): made, used, ended.</summary>
internal sealed class ChoiceStore(StateDatabase database)
{
    private const string Columns = "id, choice_key, sender, domain, scope, made_at, message, expires_at, ended_at, ended_by, uses";

    /// <summary>
    /// Records a choice, or renews the one that holds for the same sender and domain: its
    /// expiry moves to the later of the two, its scope takes in <paramref name="scope"/>, and it
    /// names the newer message.
    /// </summary>
    /// <param name="sender">Canonical envelope address.</param>
    public RememberedChoice Remember(string sender, string domain, ChoiceScope scope, long now, long expiresAt, long? messageId)
    {
        if (Holding(now).FirstOrDefault(c => c.Sender == sender && c.Domain == domain) is { } holding)
        {
            database.Execute("UPDATE remembered_choices SET expires_at = MAX(expires_at, $e), scope = $s, message = COALESCE($m, message) WHERE id = $id",
                ("$e", expiresAt), ("$s", ChoiceScopes.Text(holding.Scope | scope)), ("$m", messageId), ("$id", holding.Id));
            return FindById(holding.Id)!;
        }

        var key = Tagging.Base32.Encode(Unix.SystemRandom.GetBytes(10));
        using var command = database.Command("""
            INSERT INTO remembered_choices (choice_key, sender, domain, scope, made_at, message, expires_at)
            VALUES ($k, $sender, $d, $s, $at, $m, $e);
            SELECT last_insert_rowid();
            """,
            ("$k", key), ("$sender", sender), ("$d", domain), ("$s", ChoiceScopes.Text(scope)), ("$at", now), ("$m", messageId), ("$e", expiresAt));
        return FindById((long)command.ExecuteScalar()!)!;
    }

    /// <summary>Every choice that holds at <paramref name="now"/>, oldest first: one reading per sweep.</summary>
    public IReadOnlyList<RememberedChoice> Holding(long now) =>
        Many($"SELECT {Columns} FROM remembered_choices WHERE ended_at IS NULL AND expires_at > $now ORDER BY id", ("$now", now));

    /// <summary>Choices for the administrator: those that hold, or all of them; of one sender when given.</summary>
    public IReadOnlyList<RememberedChoice> List(long now, bool all, string? sender) =>
        Many($"""
            SELECT {Columns} FROM remembered_choices
            WHERE ($all OR (ended_at IS NULL AND expires_at > $now)) AND ($sender IS NULL OR sender = $sender)
            ORDER BY sender, domain, id
            """, ("$now", now), ("$all", all), ("$sender", sender));

    public RememberedChoice? FindByKey(string key) =>
        Many($"SELECT {Columns} FROM remembered_choices WHERE choice_key = $k", ("$k", key)).FirstOrDefault();

    public RememberedChoice? FindById(long id) =>
        Many($"SELECT {Columns} FROM remembered_choices WHERE id = $id", ("$id", id)).FirstOrDefault();

    /// <returns>False when it had ended already.</returns>
    public bool End(long id, Actor by, long now) =>
        database.Execute("UPDATE remembered_choices SET ended_at = $now, ended_by = $by WHERE id = $id AND ended_at IS NULL",
            ("$now", now), ("$by", by.Text), ("$id", id)) == 1;

    public void CountUse(long id) =>
        database.Execute("UPDATE remembered_choices SET uses = uses + 1 WHERE id = $id", ("$id", id));

    private List<RememberedChoice> Many(string sql, params (string, object?)[] parameters)
    {
        using var command = database.Command(sql, parameters);
        using var reader = command.ExecuteReader();
        var list = new List<RememberedChoice>();
        while (reader.Read())
        {
            list.Add(Read(reader));
        }

        return list;
    }

    private static RememberedChoice Read(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), ChoiceScopes.Parse(r.GetString(4)), r.GetInt64(5),
        r.IsDBNull(6) ? null : r.GetInt64(6), r.GetInt64(7), r.IsDBNull(8) ? null : r.GetInt64(8),
        r.IsDBNull(9) ? null : Actor.FromStored(r.GetString(9)), r.GetInt32(10));
}
