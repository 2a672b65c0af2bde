using System.Globalization;
using System.Net;
using System.Text;

namespace PostTls.Smtp;

/// <summary>
/// The original client's identity for Postfix's XFORWARD command (XFORWARD_README), so that the
/// listener a filter reinjects into logs and writes into Received the client that submitted
/// the message, not the filter. Postfix uses these attributes for logging and headers only,
/// never for access control. Missing values are sent as <c>[UNAVAILABLE]</c>.
/// </summary>
internal sealed record SmtpForward(string Name, string Address, string Port, string Protocol, string Helo, string Ident)
{
    private const string Unavailable = "[UNAVAILABLE]";

    /// <summary>Nothing known about the client (a local submission, or no --client-* values).</summary>
    public static SmtpForward Unknown { get; } = new("", "", "", "", "", "");

    // Postfix limits a command line to line_length_limit (2048 by default); keep well below it.
    private const int MaxCommandLength = 500;

    // A host name or HELO argument is at most 255 characters (RFC 1035); longer ones are cut.
    private const int MaxValueLength = 255;

    /// <summary>
    /// The XFORWARD commands to send, attributes packed into as few lines as fit. A value that
    /// Postfix would refuse (an address that is not one, a port that is not a number) is sent
    /// as unavailable: a refused XFORWARD must not cost the message.
    /// </summary>
    public IReadOnlyList<string> Commands()
    {
        string[] attributes =
        [
            "NAME=" + Encode(Name),
            "ADDR=" + Encode(IPAddress.TryParse(Address, out var address) ? Unbracketed(address) : ""),
            "PORT=" + Encode(ushort.TryParse(Port, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? Port : ""),
            "PROTO=" + Encode(Protocol),
            "HELO=" + Encode(Helo),
            "IDENT=" + Encode(Ident),
        ];
        var commands = new List<string>();
        var line = new StringBuilder("XFORWARD");
        foreach (var attribute in attributes)
        {
            if (line.Length + 1 + attribute.Length > MaxCommandLength)
            {
                commands.Add(line.ToString());
                line.Clear().Append("XFORWARD");
            }

            line.Append(' ').Append(attribute);
        }

        commands.Add(line.ToString());
        return commands;
    }

    private static string Unbracketed(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPV6:" + address : address.ToString();

    /// <summary>RFC 3461 xtext: printable ASCII except "+" and "=" as it is, everything else as +HH.</summary>
    private static string Encode(string value)
    {
        if (value.Length == 0)
        {
            return Unavailable;
        }

        var bytes = Encoding.UTF8.GetBytes(value.Length > MaxValueLength ? value[..MaxValueLength] : value);
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is > 32 and < 127 and not (byte)'+' and not (byte)'=')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('+').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
