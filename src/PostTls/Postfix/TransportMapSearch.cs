namespace PostTls.Postfix;

/// <summary>
/// Looks a recipient up in transport_maps the way trivial-rewrite does (transport(5)): the
/// keys user@domain, domain, .parent domains, then *, each asked of every map in turn;
/// pattern tables (pcre, regexp, ...) see the full address only. The first entry found wins.
/// </summary>
internal sealed class TransportMapSearch(IPostfixQueue queue, IReadOnlyList<string> maps)
{
    private static readonly string[] PatternTables = ["regexp:", "pcre:", "cidr:", "socketmap:", "tcp:"];

    /// <returns>The entry ("transport:nexthop", "transport" or ":nexthop") and the map it came from; null when no map has one.</returns>
    /// <exception cref="PostfixException">A map could not be queried.</exception>
    public (string Map, string Entry)? Find(string recipient)
    {
        var at = recipient.LastIndexOf('@');
        var domain = at >= 0 ? recipient[(at + 1)..].ToLowerInvariant() : "";
        var keys = Keys(recipient, domain);
        // One postmap run per table; then key by key, table by table, as trivial-rewrite
        // searches: a full-address entry in a later table beats a domain entry in an earlier one.
        var found = maps.Select(map => (Map: map, Entries: queue.Lookup(map, IsPatternTable(map) ? [recipient] : keys))).ToList();
        foreach (var key in keys)
        {
            foreach (var (map, entries) in found)
            {
                if (entries.TryGetValue(key, out var value))
                {
                    return (map, value);
                }
            }
        }

        return null;
    }

    internal static bool IsPatternTable(string map) =>
        PatternTables.Any(prefix => map.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    private static List<string> Keys(string recipient, string domain)
    {
        var keys = new List<string> { recipient, domain };
        for (var dot = domain.IndexOf('.'); dot >= 0; dot = domain.IndexOf('.', dot + 1))
        {
            keys.Add(domain[dot..]);
        }

        keys.Add("*");
        return keys;
    }
}
