using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PostTls.Addresses;
using PostTls.Unix;

namespace PostTls.Tagging;

/// <summary>
/// The value of <c>X-PostTLS-ID</c>: <c>ID.CREATED.MAC</c>. ID is 80 random bits in lower-case
/// base32 (16 characters; it is the message's key), CREATED the Unix time in seconds when the
/// filter made the tag, and MAC HMAC-SHA256(key, "posttls-tag-v2:" + ID + ":" + CREATED + ":" +
/// sender) truncated to 80 bits, base32, where sender is the envelope sender in
/// <see cref="EnvelopeAddress.Canonical"/> form. A tag is evidence that the message passed our
/// filter with that envelope sender at that time, not proof on its own: it can be copied, so
/// the sweep also compares sender and Message-ID and refuses old tags.
/// Tags of the first format (<c>ID.MAC</c>, "posttls-tag-v1:" + ID) bound nothing but the ID:
/// they are recognised (<see cref="TagStatus.Legacy"/>) and never accepted for new tracking.
/// </summary>
internal static class MessageTag
{
    public const string HeaderName = "X-PostTLS-ID";
    public const int PartLength = 16;

    /// <summary>How far a tag's creation time may lie ahead of the clock reading it (both run on one host).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private const int PartBytes = 10;
    private const int MaxTimeDigits = 12;
    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("posttls-tag-v2:");
    private static readonly byte[] LegacyDomain = Encoding.ASCII.GetBytes("posttls-tag-v1:");

    /// <summary>A new tag for a message from <paramref name="sender"/> (external or internal form), made at <paramref name="created"/>.</summary>
    public static string Create(ReadOnlySpan<byte> key, string sender, DateTimeOffset created)
    {
        Span<byte> id = stackalloc byte[PartBytes];
        SystemRandom.Fill(id);
        var idText = Base32.Encode(id);
        var time = created.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"{idText}.{time}.{Base32.Encode(Mac(key, idText, time, sender))}";
    }

    /// <summary>
    /// What a tag is worth for a message from <paramref name="sender"/> read at <paramref name="now"/>:
    /// <see cref="TagStatus.Valid"/> only when well-formed, its MAC right for that sender (compared
    /// in constant time), and made at most <paramref name="maxAge"/> ago.
    /// </summary>
    public static TagStatus Check(ReadOnlySpan<byte> key, string? tag, string sender, DateTimeOffset now, TimeSpan maxAge)
    {
        if (!TryParse(tag, out var id, out var time, out var mac))
        {
            return TagStatus.Malformed;
        }

        if (time is null)
        {
            return Verify(LegacyMac(key, id), mac) ? TagStatus.Legacy : TagStatus.Invalid;
        }

        if (!Verify(Mac(key, id, time, sender), mac))
        {
            return TagStatus.Invalid;
        }

        var created = DateTimeOffset.FromUnixTimeSeconds(long.Parse(time, CultureInfo.InvariantCulture));
        if (created > now + ClockSkew)
        {
            return TagStatus.FromTheFuture;
        }

        return now - created > maxAge ? TagStatus.TooOld : TagStatus.Valid;
    }

    /// <summary>The ID part (the message key) of anything shaped like a tag of either format; null otherwise.</summary>
    public static string? IdOf(string? tag) => TryParse(tag, out var id, out _, out _) ? id : null;

    /// <summary>The creation time of a tag of the current format; null for anything else.</summary>
    public static DateTimeOffset? CreatedOf(string? tag) =>
        TryParse(tag, out _, out var time, out _) && time is not null
            ? DateTimeOffset.FromUnixTimeSeconds(long.Parse(time, CultureInfo.InvariantCulture))
            : null;

    /// <summary>Splits a tag; <paramref name="time"/> is null for the first format. Checks the shape only, not the MAC.</summary>
    private static bool TryParse(string? tag, out string id, out string? time, out string mac)
    {
        id = mac = "";
        time = null;
        if (tag is null || tag.Length < PartLength * 2 + 1 || tag[PartLength] != '.')
        {
            return false;
        }

        id = tag[..PartLength];
        var rest = tag[(PartLength + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            time = rest[..dot];
            rest = rest[(dot + 1)..];
            // Canonical decimal only, so that one tag has one spelling (no sign, no leading zero).
            if (time.Length is 0 or > MaxTimeDigits || time[0] == '0' || !time.All(char.IsAsciiDigit))
            {
                return false;
            }
        }

        mac = rest;
        return mac.Length == PartLength && Base32.IsValid(id) && Base32.IsValid(mac);
    }

    /// <summary>The MAC part of a tag against the one computed, in constant time.</summary>
    private static bool Verify(byte[] computed, string mac)
    {
        var expected = Encoding.ASCII.GetBytes(Base32.Encode(computed));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(mac));
    }

    private static byte[] Mac(ReadOnlySpan<byte> key, string id, string time, string sender)
    {
        var input = Encoding.UTF8.GetBytes($"{id}:{time}:{EnvelopeAddress.Canonical(sender)}");
        var message = new byte[Domain.Length + input.Length];
        Domain.CopyTo(message, 0);
        input.CopyTo(message, Domain.Length);
        return HmacSha256.Hash(key, message)[..PartBytes];
    }

    private static byte[] LegacyMac(ReadOnlySpan<byte> key, string id)
    {
        var message = new byte[LegacyDomain.Length + id.Length];
        LegacyDomain.CopyTo(message, 0);
        Encoding.ASCII.GetBytes(id, 0, id.Length, message, LegacyDomain.Length);
        return HmacSha256.Hash(key, message)[..PartBytes];
    }
}
