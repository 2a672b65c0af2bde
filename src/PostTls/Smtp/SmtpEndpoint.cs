using System.Net;
using System.Net.Sockets;

namespace PostTls.Smtp;

/// <summary>
/// Where the SMTP client connects: a unix-domain socket (the release listener,
/// <c>$queue_directory/private/posttls-release</c>, which only root can reach) or, for tests,
/// a TCP port on a loopback address.
/// </summary>
internal sealed class SmtpEndpoint
{
    private SmtpEndpoint(EndPoint address, string display)
    {
        Address = address;
        Display = display;
    }

    public EndPoint Address { get; }

    /// <summary>For messages: <c>unix:/path</c> or <c>127.0.0.1:2526</c>.</summary>
    public string Display { get; }

    public bool IsUnix => Address is UnixDomainSocketEndPoint;

    /// <exception cref="ArgumentException">The path is not absolute or too long for a socket address.</exception>
    public static SmtpEndpoint Unix(string path)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            throw new ArgumentException($"socket path must be absolute: {path}", nameof(path));
        }

        try
        {
            return new SmtpEndpoint(new UnixDomainSocketEndPoint(path), "unix:" + path);
        }
        catch (ArgumentOutOfRangeException)
        {
            // sun_path holds 108 bytes on Linux.
            throw new ArgumentException($"socket path too long: {path}", nameof(path));
        }
    }

    /// <summary>
    /// TCP on a loopback address only: anything else would carry the copy over a network
    /// without the release listener's protection.
    /// </summary>
    /// <exception cref="ArgumentException">The address is not a loopback address.</exception>
    public static SmtpEndpoint Loopback(IPEndPoint address)
    {
        if (!IPAddress.IsLoopback(address.Address))
        {
            throw new ArgumentException($"not a loopback address: {address}", nameof(address));
        }

        return new SmtpEndpoint(address, address.ToString());
    }

    public Socket CreateSocket() => IsUnix
        ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
        : new Socket(Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

    public override string ToString() => Display;
}
