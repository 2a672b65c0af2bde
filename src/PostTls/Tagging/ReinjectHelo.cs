using System.Security.Cryptography;
using System.Text;

namespace PostTls.Tagging;

/// <summary>
/// The HELO name that admits the filter to the reinjection listener. pipe(8) cannot give the
/// filter a group that reaches a socket under Postfix's public/ or private/ (it refuses the
/// postfix and postdrop groups), so the listener is on loopback, where every local user can
/// connect; it accepts mail only from a client that greets with this name, which only holders
/// of the secret key (root and user posttls) can compute. The listener's table
/// (<see cref="TableFileName"/>, root-only) holds it, written by <c>posttls init</c>.
/// </summary>
internal static class ReinjectHelo
{
    /// <summary>The table in Postfix's configuration directory: texthash, mode 0600, owner root.</summary>
    public const string TableFileName = "posttls-reinject-helo";

    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("posttls-reinject-helo-v1");

    /// <summary><c>posttls-</c> and 40 hex digits (160 bits of HMAC-SHA256): a valid host name label.</summary>
    public static string Name(ReadOnlySpan<byte> key) =>
        "posttls-" + Convert.ToHexStringLower(HmacSha256.Hash(key, Domain).AsSpan(0, 20));

    /// <summary>The table's text: the name, OK; smtpd's helo restrictions reject every other name.</summary>
    public static string Table(ReadOnlySpan<byte> key) =>
        "# Written by posttls init: the one HELO name the reinjection listener admits.\n" +
        "# Secret: root only. posttls check verifies it matches the key.\n" +
        Name(key) + " OK\n";

    /// <summary>Replaces the name wherever it occurs, so no log line or bounce ever shows it.</summary>
    public static string Hide(string text, string name) =>
        text.Replace(name, "[reinject HELO]", StringComparison.OrdinalIgnoreCase);
}
