using System.Text;

namespace PostTls.Tagging;

/// <summary>
/// The key a message is tracked by: its tag's id part when it carries a verified tag;
/// otherwise one derived (under the secret key) from queue ID, arrival time and sender, so
/// that untagged mail has a key of the same form for tokens and commands.
/// </summary>
internal static class MessageKeys
{
    public static string FromTag(string verifiedTag) => verifiedTag[..MessageTag.PartLength];

    public static string ForUntagged(ReadOnlySpan<byte> key, string queueId, long arrivalTime, string sender)
    {
        var mac = HmacSha256.Hash(key, Encoding.UTF8.GetBytes($"posttls-untagged-v1:{queueId}:{arrivalTime}:{sender}"));
        return Base32.Encode(mac.AsSpan(0, 10));
    }
}
