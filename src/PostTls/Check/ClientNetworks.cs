using System.Net;

namespace PostTls.Check;

/// <summary>
/// Whether the clients a network entry names (mynetworks, a cidr table) are this machine
/// itself: loopback (127.0.0.0/8, ::1, ::ffff:127.0.0.0/104), or one of its own addresses.
/// Anything this cannot parse — host names, /file names, type:table — counts as other hosts.
/// </summary>
internal static class ClientNetworks
{
    private static readonly IPNetwork[] Loopback =
    [
        IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("::ffff:127.0.0.0/104"),
    ];

    /// <param name="entry">As Postfix writes it: <c>127.0.0.0/8</c>, <c>[::1]/128</c>, <c>192.0.2.1</c>.</param>
    public static bool IsThisMachine(string entry, IReadOnlyCollection<IPAddress> ownAddresses)
    {
        var text = entry.Replace("[", "", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal);
        if (IPAddress.TryParse(text, out var single))
        {
            text = single + (single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "/128" : "/32");
        }

        if (!IPNetwork.TryParse(text, out var network))
        {
            return false;
        }

        var isHost = network.PrefixLength == (network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32);
        return Loopback.Any(l => l.BaseAddress.AddressFamily == network.BaseAddress.AddressFamily && l.PrefixLength <= network.PrefixLength && l.Contains(network.BaseAddress))
            || (isHost && ownAddresses.Contains(network.BaseAddress));
    }
}
