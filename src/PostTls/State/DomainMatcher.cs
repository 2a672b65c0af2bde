using System.Globalization;

namespace PostTls.State;

/// <summary>
/// Matches addresses against a domain list: <c>example.com</c> matches that domain only,
/// <c>.example.com</c> its subdomains (as in Postfix's transport(5)); case-insensitive, a
/// trailing dot ignored, internationalized names compared as A-labels (<c>bücher.example</c>
/// is <c>xn--bcher-kva.example</c>), so that no spelling of a listed domain escapes the list.
/// </summary>
/// <param name="unknownMatches">
/// For the never-insecure list: a recipient whose domain cannot be compared with names — an
/// address literal such as <c>bob@[192.0.2.1]</c>, or a name that is no valid domain — counts
/// as matching whenever the list has an entry. PostTLS resolves no names, so it cannot tell
/// whether a literal is a listed domain's server; once the administrator said that some
/// recipients must never get mail in clear text, a literal must not be the way around it.
/// </param>
internal sealed class DomainMatcher(IEnumerable<string> entries, bool unknownMatches = false)
{
    private static readonly IdnMapping Idn = new();

    private readonly string[] _entries = entries.Select(e => e.ToLowerInvariant()).ToArray();

    // A sweep asks for every recipient of every open message, and they share a few domains:
    // each domain is lowered, mapped and compared once (not thread-safe; one matcher per run).
    private readonly Dictionary<string, bool> _byDomain = new(StringComparer.Ordinal);

    public bool MatchesAddress(string address)
    {
        var at = address.LastIndexOf('@');
        if (at < 0 || _entries.Length == 0)
        {
            return false;
        }

        var domain = address.AsSpan(at + 1);
        var known = _byDomain.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!known.TryGetValue(domain, out var matches))
        {
            var text = domain.ToString();
            matches = Matches(text);
            _byDomain[text] = matches;
        }

        return matches;
    }

    public bool Matches(string domain)
    {
        if (_entries.Length == 0)
        {
            return false;
        }

        if (Comparable(domain) is not { } name)
        {
            return unknownMatches;
        }

        foreach (var entry in _entries)
        {
            if (entry.StartsWith('.') ? name.EndsWith(entry, StringComparison.Ordinal) : name == entry)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The domain as the list spells names (lower case, A-labels, no trailing dot); null for an address literal or a broken name.</summary>
    private static string? Comparable(string domain)
    {
        if (domain.StartsWith('['))
        {
            return null;
        }

        var name = domain.TrimEnd('.').ToLowerInvariant();
        if (name.All(char.IsAscii))
        {
            return name;
        }

        try
        {
            return Idn.GetAscii(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
