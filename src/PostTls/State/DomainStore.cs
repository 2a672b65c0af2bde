namespace PostTls.State;

/// <summary>The never-insecure domains: their recipients are never released without encryption.</summary>
internal sealed class DomainStore(StateDatabase database)
{
    public IReadOnlyList<(string Domain, long AddedAt, Actor AddedBy)> List()
    {
        using var command = database.Command("SELECT domain, added_at, added_by FROM never_insecure_domains ORDER BY domain");
        using var reader = command.ExecuteReader();
        var list = new List<(string, long, Actor)>();
        while (reader.Read())
        {
            list.Add((reader.GetString(0), reader.GetInt64(1), Actor.FromStored(reader.GetString(2))));
        }

        return list;
    }

    /// <returns>False when it was already listed.</returns>
    public bool Add(string domain, long at, Actor by) =>
        database.Execute("INSERT OR IGNORE INTO never_insecure_domains (domain, added_at, added_by) VALUES ($d, $at, $by)",
            ("$d", domain), ("$at", at), ("$by", by.Text)) == 1;

    /// <returns>False when it was not listed.</returns>
    public bool Remove(string domain) =>
        database.Execute("DELETE FROM never_insecure_domains WHERE domain = $d", ("$d", domain)) == 1;

    /// <summary>Address literals count as never-insecure once any domain is listed (see <see cref="DomainMatcher"/>).</summary>
    public DomainMatcher Matcher() => new(List().Select(d => d.Domain), unknownMatches: true);
}
