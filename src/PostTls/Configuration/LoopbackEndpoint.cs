using System.Globalization;
using System.Net;

namespace PostTls.Configuration;

/// <summary>
/// Parses <c>127.0.0.1:10026</c> or <c>[::1]:10026</c>, as Postfix writes a listener's address
/// in master.cf. Loopback only: the reinjection listener accepts mail without the checks a
/// message passed already, so it must never be reachable from another machine.
/// </summary>
internal static class LoopbackEndpoint
{
    /// <returns>null for an empty value or one that is not a loopback address with a port.</returns>
    public static IPEndPoint? Parse(string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon <= 0)
        {
            return null;
        }

        var host = value[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':'))
        {
            return null;
        }

        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address)
            && ushort.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port > 0
            ? new IPEndPoint(address, port)
            : null;
    }
}
