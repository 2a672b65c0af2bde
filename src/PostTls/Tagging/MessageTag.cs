using System.Security.Cryptography;
using System.Text;

namespace PostTls.Tagging;

/// <summary>
/// The value of <c>X-PostTLS-ID</c>: <c>ID.MAC</c>, where ID is 80 random bits and MAC is
/// HMAC-SHA256(key, "posttls-tag-v1:" + ID) truncated to 80 bits, both in lower-case base32
/// (16 characters each). A verified tag proves the message passed our filter, i.e. it was
/// submitted by an internal user.
/// </summary>
internal static class MessageTag
{
    public const string HeaderName = "X-PostTLS-ID";
    public const int PartLength = 16;
    public const int Length = PartLength * 2 + 1;
    private const int PartBytes = 10;
    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("posttls-tag-v1:");

    public static string Create(ReadOnlySpan<byte> key)
    {
        Span<byte> id = stackalloc byte[PartBytes];
        RandomNumberGenerator.Fill(id);
        var idText = Base32.Encode(id);
        return idText + "." + Base32.Encode(Mac(key, idText));
    }

    /// <summary>True only for a well-formed tag whose MAC is right; compared in constant time.</summary>
    public static bool Verify(ReadOnlySpan<byte> key, string? tag)
    {
        if (tag is null || tag.Length != Length || tag[PartLength] != '.')
        {
            return false;
        }

        var id = tag[..PartLength];
        var mac = tag[(PartLength + 1)..];
        if (!Base32.IsValid(id) || !Base32.IsValid(mac))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Base32.Encode(Mac(key, id)));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(mac));
    }

    private static byte[] Mac(ReadOnlySpan<byte> key, string id)
    {
        var message = new byte[Domain.Length + id.Length];
        Domain.CopyTo(message, 0);
        Encoding.ASCII.GetBytes(id, 0, id.Length, message, Domain.Length);
        return HMACSHA256.HashData(key, message)[..PartBytes];
    }
}
