using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace PostTls.Tagging;

/// <summary>
/// HMAC-SHA256 (RFC 2104) for every MAC PostTLS makes: tags, action tokens, the reinjection
/// HELO name, message keys. BouncyCastle's managed code rather than
/// System.Security.Cryptography, because on Linux .NET computes it with OpenSSL, and loading
/// and initialising libssl and libcrypto cost the filter about 3 ms of each message's run
/// (bench/README.md, "Where the time goes") for two MACs that take microseconds.
/// </summary>
internal static class HmacSha256
{
    public const int Length = 32;

    public static byte[] Hash(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message)
    {
        var mac = new HMac(new Sha256Digest());
        mac.Init(new KeyParameter(key));
        mac.BlockUpdate(message);
        var result = new byte[Length];
        mac.DoFinal(result);
        return result;
    }
}
