using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace PostTls.Apply;

/// <summary>
/// A next hop as smtp(8) takes it from relayhost, default_transport or transport_maps, in the
/// one form that goes into the X-PostTLS-Release routing header. The release cleanup's pcre
/// (postfix-snippets/posttls-release.pcre) matches exactly the <see cref="Alphabet"/> of that
/// form, and rejects every other X-PostTLS-Release header, so a next hop written here always
/// becomes <c>FILTER smtp-insecure:NEXTHOP</c>, and one that cannot be written here is refused
/// before anything is held.
/// </summary>
/// <remarks>
/// Forms (smtp(8), transport(5)): <c>domain</c> and <c>domain:port</c> (MX lookup),
/// <c>[host]</c> and <c>[host]:port</c>, <c>[192.0.2.1]</c>, <c>[ipv6:2001:db8::1]</c> (and
/// <c>[2001:db8::1]</c>, which smtp(8) takes too); "host:" and "[host]:" mean the default port; port a
/// number or a service name; host names may contain <c>_</c>; lists of these separated by
/// commas or white space (Postfix 3.5 and later), written here separated by "," alone, which
/// smtp(8) splits the same way (verified on Postfix 3.7). Internationalised names become
/// A-labels (<see cref="IdnLabels"/>), as smtp(8) itself converts them before a lookup. The
/// next hop has already worked on the encrypted path (that is where TLS failed), so apart
/// from those two rewritings it is passed on as it is, letter case and all.
/// </remarks>
internal static partial class NextHop
{
    /// <summary>The routing header stays one line well under the 998 octets RFC 5322 allows.</summary>
    public const int MaxLength = 900;

    private const int MaxHostLength = 253;

    /// <param name="idna2003">Postfix's enable_idna2003_compatibility (transitional conversion of ß and ς).</param>
    /// <returns>false, with a reason in plain words, when smtp-insecure could not be given this next hop.</returns>
    public static bool TryCanonical(string raw, bool idna2003, [NotNullWhen(true)] out string? canonical, [NotNullWhen(false)] out string? reason)
    {
        canonical = null;
        var items = raw.Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (items.Length == 0)
        {
            reason = "the next hop is empty";
            return false;
        }

        var written = new List<string>(items.Length);
        foreach (var item in items)
        {
            if (!TryItem(item, idna2003, out var one, out reason))
            {
                return false;
            }

            written.Add(one);
        }

        var joined = string.Join(',', written);
        if (joined.Length > MaxLength)
        {
            reason = $"the next hop list is longer than {MaxLength} characters";
            return false;
        }

        canonical = joined;
        reason = null;
        return true;
    }

    /// <summary>True for a value <see cref="TryCanonical"/> returns: the only values the routing header may carry.</summary>
    public static bool IsCanonical(string value) =>
        Alphabet().IsMatch(value) && TryCanonical(value, idna2003: false, out var again, out _) && again == value;

    private static bool TryItem(string item, bool idna2003, [NotNullWhen(true)] out string? written, [NotNullWhen(false)] out string? reason)
    {
        written = null;
        string host;
        string? port;
        if (item.StartsWith('['))
        {
            var close = item.IndexOf(']');
            if (close < 0)
            {
                reason = $"\"{item}\" has no closing bracket";
                return false;
            }

            var rest = item[(close + 1)..];
            if (rest.Length > 0 && rest[0] != ':')
            {
                reason = $"\"{item}\" has text after the closing bracket";
                return false;
            }

            port = rest.Length > 1 ? rest[1..] : null; // "[host]:" is smtp(8)'s default port, as "[host]"
            if (!TryBracketed(item[1..close], idna2003, out host, out reason))
            {
                return false;
            }

            host = "[" + host + "]";
        }
        else
        {
            var colon = item.IndexOf(':');
            port = colon >= 0 && colon < item.Length - 1 ? item[(colon + 1)..] : null;
            if (!TryHostName(colon >= 0 ? item[..colon] : item, idna2003, out host, out reason))
            {
                return false;
            }
        }

        if (port is not null && !IsPort(port))
        {
            reason = $"\"{item}\" has an unusable port \"{port}\"";
            return false;
        }

        written = port is null ? host : host + ":" + port;
        reason = null;
        return true;
    }

    private static bool TryBracketed(string inner, bool idna2003, out string host, [NotNullWhen(false)] out string? reason)
    {
        // smtp(8) takes [ipv6:ADDRESS] and also a bare IPv6 address in brackets (host_port() in Postfix).
        if (inner.StartsWith("ipv6:", StringComparison.OrdinalIgnoreCase) || inner.Contains(':'))
        {
            host = inner;
            reason = IsIPv6(inner.StartsWith("ipv6:", StringComparison.OrdinalIgnoreCase) ? inner[5..] : inner)
                ? null
                : $"\"[{inner}]\" is not an IPv6 address";
            return reason is null;
        }

        if (inner.Length > 0 && inner.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            host = inner;
            reason = inner.Split('.') is { Length: 4 } octets && octets.All(o => o.Length is > 0 and <= 3 && int.Parse(o, System.Globalization.CultureInfo.InvariantCulture) <= 255)
                ? null
                : $"\"[{inner}]\" is not an IPv4 address";
            return reason is null;
        }

        return TryHostName(inner, idna2003, out host, out reason);
    }

    /// <summary>A host or domain name: letters, digits, "-" and "_" in labels of at most 63; international labels as A-labels.</summary>
    private static bool TryHostName(string name, bool idna2003, out string host, [NotNullWhen(false)] out string? reason)
    {
        host = name;
        var labels = (name.EndsWith('.') ? name[..^1] : name).Split('.');
        if (name.Length == 0 || labels.Any(l => l.Length == 0))
        {
            reason = $"\"{name}\" is not a host name (an empty label)";
            return false;
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i].All(char.IsAscii))
            {
                if (!labels[i].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || labels[i].Length > 63)
                {
                    reason = $"\"{name}\" is not a host name Postfix can look up (letters, digits, \"-\" and \"_\" in labels of at most 63)";
                    return false;
                }
            }
            else if (IdnLabels.TryToAscii(labels[i], idna2003, out var aLabel, out var why))
            {
                labels[i] = aLabel;
            }
            else
            {
                reason = $"the international name \"{name}\" cannot be converted to its ASCII form (A-label) with certainty: {why}";
                return false;
            }
        }

        host = string.Join('.', labels) + (name.EndsWith('.') ? "." : "");
        reason = host.Length > MaxHostLength ? $"\"{name}\" is longer than {MaxHostLength} characters" : null;
        return reason is null;
    }

    private static bool IsIPv6(string address) =>
        address.Length > 0 && address.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')
        && IPAddress.TryParse(address, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>1 to 65535 without leading zeros, or a service name.</summary>
    private static bool IsPort(string port) =>
        PortPattern().IsMatch(port)
        && (!char.IsAsciiDigit(port[0]) || port[0] != '0' && int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) <= 65535);

    /// <summary>What the pcre's capture group accepts: keep it identical to postfix-snippets/posttls-release.pcre.</summary>
    [GeneratedRegex(@"^[][A-Za-z0-9._:,-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Alphabet();

    /// <summary>A port number or a service name from /etc/services.</summary>
    [GeneratedRegex(@"^(?:[0-9]{1,5}|[A-Za-z][A-Za-z0-9-]{0,31})$", RegexOptions.CultureInvariant)]
    private static partial Regex PortPattern();
}
