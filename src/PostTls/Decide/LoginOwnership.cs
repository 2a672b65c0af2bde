using PostTls.Addresses;
using PostTls.Configuration;
using PostTls.Postfix;

namespace PostTls.Decide;

/// <summary>
/// Whether the SASL login a decision mail was submitted with owns the original sender: the
/// rule <c>posttls decide</c> applies whenever Postfix passes a login (man posttls(8), DECIDE).
/// <list type="bullet">
/// <item>When main.cf sets smtpd_sender_login_maps: the login must be one of the owners that
/// map gives for the sender, found as smtpd's reject_sender_login_mismatch finds them
/// (<see cref="SenderLoginMapSearch"/>); a sender without owner is owned by nobody.</item>
/// <item>Otherwise: the login must be the sender address itself, or its local part when the
/// domain is local ($myorigin or $mydestination, as for Postfix's local-part look-ups);
/// either with or without the address extension (alice+news@ belongs to alice@).</item>
/// </list>
/// Logins compare without regard to case, as Postfix compares them.
/// </summary>
internal sealed class LoginOwnership(IPostfixQueue postfix)
{
    public const string LoginMapsParameter = "smtpd_sender_login_maps";

    /// <summary>Whether <paramref name="login"/> owns <paramref name="sender"/>, and what that was judged by (for the log).</summary>
    /// <exception cref="PostfixException">postconf or postmap failed: nothing can be said.</exception>
    public (bool Owns, string Basis) Judge(string login, string sender)
    {
        var parameters = postfix.Parameters(LoginMapsParameter, "myorigin", "mydestination", "recipient_delimiter");
        string Parameter(string name) => parameters.GetValueOrDefault(name, "");
        var address = EnvelopeAddress.ToInternal(sender);
        bool IsLocal(string domain) => IsLocalDomain(domain, Parameter("myorigin"), Parameter("mydestination"));

        var maps = ListValues.Split(Parameter(LoginMapsParameter));
        if (maps.Length > 0)
        {
            var owners = new SenderLoginMapSearch(postfix, maps, Parameter("recipient_delimiter"), IsLocal).Owners(address);
            return owners is null
                ? (false, $"{LoginMapsParameter} names no owner of <{address}>")
                : (owners.Contains(login, StringComparer.OrdinalIgnoreCase), $"{LoginMapsParameter} owners: {string.Join(", ", owners)}");
        }

        var at = address.LastIndexOf('@');
        var (local, domain) = at > 0 ? (address[..at], address[(at + 1)..]) : (address, "");
        var locals = new[] { local, SenderLoginMapSearch.WithoutExtension(local, Parameter("recipient_delimiter")) ?? local };
        var owns = locals.Any(l => login.Equals(l + "@" + domain, StringComparison.OrdinalIgnoreCase))
            || (domain.Length > 0 && IsLocal(domain) && locals.Any(l => login.Equals(l, StringComparison.OrdinalIgnoreCase)));
        return (owns, $"no {LoginMapsParameter}: the login must be the address, or its local part in a local domain");
    }

    private bool IsLocalDomain(string domain, string myorigin, string mydestination)
    {
        if (domain.Equals(myorigin, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var entry in ListValues.Split(mydestination))
        {
            if (entry.Contains(':', StringComparison.Ordinal) && !entry.StartsWith('/'))
            {
                if (postfix.Lookup(entry, [domain.ToLowerInvariant()]).Count > 0)
                {
                    return true;
                }
            }
            else if (entry.Equals(domain, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
