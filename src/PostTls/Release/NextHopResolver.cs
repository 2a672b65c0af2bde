using PostTls.Postfix;

namespace PostTls.Release;

/// <summary>
/// Finds the next hop Postfix would use for a recipient, so the released copy goes exactly
/// there: transport_maps in transport(5) search order (user@domain, domain, .parent domains,
/// then *; pattern tables see the full address only), else a next hop in default_transport,
/// else relayhost, else the recipient's domain. As in Postfix's trivial-rewrite, each key is
/// asked of every table before the next key is tried, so a full-address entry in a later
/// table beats a domain entry in an earlier one. An entry with a transport but an empty next
/// hop means the domain; an entry of ":" changes nothing (transport(5)).
/// sender_dependent_relayhost_maps are not considered.
/// </summary>
internal sealed class NextHopResolver
{
    private static readonly string[] PatternTables = ["regexp:", "pcre:", "cidr:", "socketmap:", "tcp:"];
    private readonly IPostfixQueue _queue;
    private readonly string[] _maps;
    private readonly string _defaultNextHop;

    public NextHopResolver(IPostfixQueue queue)
    {
        _queue = queue;
        var parameters = queue.Parameters("transport_maps", "relayhost", "default_transport");
        _maps = Configuration.ListValues.Split(parameters.GetValueOrDefault("transport_maps", ""));
        var defaultTransport = parameters.GetValueOrDefault("default_transport", "smtp");
        var inDefault = defaultTransport.Contains(':') ? defaultTransport[(defaultTransport.IndexOf(':') + 1)..] : "";
        _defaultNextHop = inDefault.Length > 0 ? inDefault : parameters.GetValueOrDefault("relayhost", "");
    }

    /// <returns>The next hop, or null when Postfix would not deliver this recipient over SMTP (local, error, discard…).</returns>
    public string? Resolve(string recipient)
    {
        var at = recipient.LastIndexOf('@');
        var domain = at >= 0 ? recipient[(at + 1)..].ToLowerInvariant() : "";
        var keys = Keys(recipient, domain);
        // One postmap run per table; then key by key, table by table, as trivial-rewrite searches.
        var found = _maps.Select(map => _queue.Lookup(map, IsPatternTable(map) ? [recipient] : keys)).ToList();
        foreach (var key in keys)
        {
            foreach (var entries in found)
            {
                if (entries.TryGetValue(key, out var value))
                {
                    return FromEntry(value, domain);
                }
            }
        }

        return Default(domain);
    }

    private string Default(string domain) => _defaultNextHop.Length > 0 ? _defaultNextHop : domain;

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

    /// <summary>"transport:nexthop", "transport", ":nexthop", or ":" (no change).</summary>
    private string? FromEntry(string value, string domain)
    {
        var colon = value.IndexOf(':');
        var transport = colon >= 0 ? value[..colon] : value;
        var nextHop = colon >= 0 ? value[(colon + 1)..] : "";
        if (transport is "local" or "virtual" or "error" or "discard" or "retry" or "hold")
        {
            return null;
        }

        if (nextHop.Length > 0)
        {
            return nextHop;
        }

        return transport.Length > 0 ? domain : Default(domain);
    }
}
