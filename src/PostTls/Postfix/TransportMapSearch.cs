namespace PostTls.Postfix;

/// <summary>
/// Looks a recipient up in transport_maps the way trivial-rewrite does (transport(5)): each
/// map in turn, with the keys user@domain, domain, .parent domains, then *; pattern tables
/// (pcre, regexp, ...) see the full address only. The first entry found wins.
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
        foreach (var map in maps)
        {
            var keys = IsPatternTable(map) ? [recipient] : Keys(recipient, domain);
            var found = queue.Lookup(map, keys);
            foreach (var key in keys)
            {
                if (found.TryGetValue(key, out var value))
                {
                    return (map, value);
                }
            }
        }

        return null;
    }

    private static bool IsPatternTable(string map) =>
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
