using PostTls.Postfix;

namespace PostTls.Apply;

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
    private readonly TransportMapSearch _maps;
    private readonly string _defaultNextHop;

    public NextHopResolver(IPostfixQueue queue)
    {
        var parameters = queue.Parameters("transport_maps", "relayhost", "default_transport", "enable_idna2003_compatibility");
        _maps = new TransportMapSearch(queue, Configuration.ListValues.Split(parameters.GetValueOrDefault("transport_maps", "")));
        var defaultTransport = parameters.GetValueOrDefault("default_transport", "smtp");
        var inDefault = defaultTransport.Contains(':') ? defaultTransport[(defaultTransport.IndexOf(':') + 1)..] : "";
        _defaultNextHop = inDefault.Length > 0 ? inDefault : parameters.GetValueOrDefault("relayhost", "");
        Idna2003 = parameters.GetValueOrDefault("enable_idna2003_compatibility", "no") == "yes";
    }

    /// <summary>Postfix converts international names transitionally (IDNA2003): see <see cref="IdnLabels"/>.</summary>
    public bool Idna2003 { get; }

    /// <summary>Looks up the recipients of many messages at once (one postmap run per table); <see cref="Resolve"/> then asks nothing again.</summary>
    /// <exception cref="PostfixException">A map could not be queried.</exception>
    public void Prefetch(IEnumerable<string> recipients) => _maps.Prefetch(recipients);

    /// <returns>The next hop as Postfix has it (see <see cref="NextHop"/> for the form the routing header takes), or null when Postfix would not deliver this recipient over SMTP (local, error, discard…).</returns>
    public string? Resolve(string recipient)
    {
        var at = recipient.LastIndexOf('@');
        var domain = at >= 0 ? recipient[(at + 1)..].ToLowerInvariant() : "";
        if (_maps.Find(recipient) is { } found)
        {
            return FromEntry(found.Entry, domain);
        }

        return Default(domain);
    }

    private string Default(string domain) => _defaultNextHop.Length > 0 ? _defaultNextHop : domain;

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
