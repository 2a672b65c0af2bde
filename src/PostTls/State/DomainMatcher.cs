namespace PostTls.State;

/// <summary>
/// Matches addresses against a domain list: <c>example.com</c> matches that domain only,
/// <c>.example.com</c> its subdomains (as in Postfix's transport(5)); case-insensitive.
/// </summary>
internal sealed class DomainMatcher(IEnumerable<string> entries)
{
    private readonly string[] _entries = entries.Select(e => e.ToLowerInvariant()).ToArray();

    public bool MatchesAddress(string address)
    {
        var at = address.LastIndexOf('@');
        return at >= 0 && Matches(address[(at + 1)..]);
    }

    public bool Matches(string domain)
    {
        domain = domain.TrimEnd('.').ToLowerInvariant();
        foreach (var entry in _entries)
        {
            if (entry.StartsWith('.') ? domain.EndsWith(entry, StringComparison.Ordinal) : domain == entry)
            {
                return true;
            }
        }

        return false;
    }
}
