namespace PostTls.Postfix;

/// <summary>
/// Looks a recipient up in transport_maps the way trivial-rewrite does (transport(5)): the
/// keys user@domain, domain, .parent domains, then *, each asked of every map in turn;
/// pattern tables (pcre, regexp, ...) see the full address only. The first entry found wins.
/// </summary>
/// <remarks>
/// What postmap answered is kept for the life of the search (one run): a key is asked of each
/// table once, and <see cref="Prefetch"/> asks the keys of many recipients in one postmap run
/// per table. Each line of postmap -q - is looked up on its own, so asking keys together
/// changes no answer.
/// </remarks>
internal sealed class TransportMapSearch(IPostfixQueue queue, IReadOnlyList<string> maps)
{
    private static readonly string[] PatternTables = ["regexp:", "pcre:", "cidr:", "socketmap:", "tcp:"];

    // Per table: the keys asked so far, and the entries found for them.
    private readonly Dictionary<string, (HashSet<string> Asked, Dictionary<string, string> Found)> _known = new(StringComparer.Ordinal);

    /// <summary>Asks each table, in one postmap run, the keys of all <paramref name="recipients"/> that it was not asked yet.</summary>
    /// <exception cref="PostfixException">A map could not be queried.</exception>
    public void Prefetch(IEnumerable<string> recipients)
    {
        var all = recipients.ToList();
        foreach (var map in maps)
        {
            Ask(map, all.SelectMany(r => KeysFor(map, r)));
        }
    }

    /// <returns>The entry ("transport:nexthop", "transport" or ":nexthop") and the map it came from; null when no map has one.</returns>
    /// <exception cref="PostfixException">A map could not be queried.</exception>
    public (string Map, string Entry)? Find(string recipient)
    {
        var at = recipient.LastIndexOf('@');
        var domain = at >= 0 ? recipient[(at + 1)..].ToLowerInvariant() : "";
        var keys = Keys(recipient, domain);
        // One postmap run per table; then key by key, table by table, as trivial-rewrite
        // searches: a full-address entry in a later table beats a domain entry in an earlier one.
        // What was found for other recipients stays out: only this recipient's keys of each table count.
        var found = maps.Select(map => (Map: map, Keys: KeysFor(map, recipient).ToHashSet(StringComparer.OrdinalIgnoreCase), Entries: Ask(map, KeysFor(map, recipient)))).ToList();
        foreach (var key in keys)
        {
            foreach (var (map, asked, entries) in found)
            {
                if (asked.Contains(key) && entries.TryGetValue(key, out var value))
                {
                    return (map, value);
                }
            }
        }

        return null;
    }

    /// <returns>Everything found in <paramref name="map"/> so far, after asking it the keys it was not asked yet.</returns>
    private Dictionary<string, string> Ask(string map, IEnumerable<string> keys)
    {
        if (!_known.TryGetValue(map, out var known))
        {
            // Case as postmap compares: found keys come back in the case asked, and are matched ignoring it.
            known = (new HashSet<string>(StringComparer.Ordinal), new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
            _known[map] = known;
        }

        var missing = keys.Where(k => !known.Asked.Contains(k)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            // Marked as asked only once postmap answered: after a failure the next search asks (and fails) again.
            foreach (var (key, value) in queue.Lookup(map, missing))
            {
                known.Found.TryAdd(key, value);
            }

            known.Asked.UnionWith(missing);
        }

        return known.Found;
    }

    private static IEnumerable<string> KeysFor(string map, string recipient)
    {
        if (IsPatternTable(map))
        {
            return [recipient];
        }

        var at = recipient.LastIndexOf('@');
        return Keys(recipient, at >= 0 ? recipient[(at + 1)..].ToLowerInvariant() : "");
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
