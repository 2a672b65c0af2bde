using PostTls.Addresses;

namespace PostTls.Postfix;

/// <summary>
/// Looks a sender address up in smtpd_sender_login_maps the way smtpd's
/// reject_sender_login_mismatch does (Postfix's mail_addr_find, default strategy): the full
/// address (quoted form, then unquoted if that differs), the address without its extension
/// (recipient_delimiter), the local part with and without extension when the domain is
/// local ($myorigin, $mydestination), then @domain; each key asked of every table in turn,
/// pattern tables (pcre, regexp, ...) the full address only. The first entry found is the
/// list of SASL logins that own the address.
/// </summary>
/// <remarks>
/// posttls decide runs this as user posttls, so a <c>proxy:</c> table is looked up directly
/// (proxymap's socket is Postfix's alone): user posttls must be able to read every table.
/// </remarks>
internal sealed class SenderLoginMapSearch(IPostfixQueue queue, IReadOnlyList<string> maps, string recipientDelimiter, Func<string, bool> isLocalDomain)
{
    private static readonly char[] OwnerSeparators = [',', ' ', '\t', '\r', '\n'];

    /// <returns>The owners of <paramref name="sender"/> (internal form); null when no table has an entry.</returns>
    /// <exception cref="PostfixException">A table could not be queried.</exception>
    public IReadOnlyList<string>? Owners(string sender)
    {
        var (full, partial) = Keys(sender);
        var tables = maps.Select(Direct).ToList();
        var found = tables.Select(map => queue.Lookup(map, TransportMapSearch.IsPatternTable(map) ? full : [.. full, .. partial])).ToList();
        foreach (var key in full.Concat(partial))
        {
            foreach (var entries in found)
            {
                if (entries.TryGetValue(key, out var owners))
                {
                    return owners.Split(OwnerSeparators, StringSplitOptions.RemoveEmptyEntries);
                }
            }
        }

        return null;
    }

    /// <summary>The keys in search order: the full address first (all tables), then the partial keys (fixed-string tables only).</summary>
    private (List<string> Full, List<string> Partial) Keys(string sender)
    {
        var external = EnvelopeAddress.ToExternal(sender);
        var full = external == sender ? new List<string> { external } : [external, sender];
        var at = sender.LastIndexOf('@');
        var local = at < 0 ? sender : sender[..at];
        var domain = at < 0 ? "" : sender[(at + 1)..];
        var bare = WithoutExtension(local, recipientDelimiter);

        var partial = new List<string>();
        if (bare is not null && domain.Length > 0)
        {
            partial.Add(EnvelopeAddress.ToExternal(bare + "@" + domain));
        }

        if (domain.Length == 0 || isLocalDomain(domain))
        {
            partial.Add(EnvelopeAddress.ToExternal(local));
            if (bare is not null)
            {
                partial.Add(EnvelopeAddress.ToExternal(bare));
            }
        }

        if (domain.Length > 0)
        {
            partial.Add("@" + domain);
        }

        return (full, partial.Where(k => !full.Contains(k)).Distinct().ToList());
    }

    /// <summary>alice+news becomes alice (recipient_delimiter may list several delimiter characters); null without an extension.</summary>
    public static string? WithoutExtension(string local, string delimiters) =>
        delimiters.Length > 0 && local.IndexOfAny(delimiters.ToCharArray()) is var cut and > 0 ? local[..cut] : null;

    private static string Direct(string map) =>
        map.StartsWith("proxy:", StringComparison.OrdinalIgnoreCase) ? map[6..] : map;
}
