using System.Security.Cryptography;
using PostTls.Tagging;

namespace PostTls.Tests.Tagging;

/// <summary>The managed HMAC must give exactly what .NET's (OpenSSL's) gives: tags and tokens made before still verify.</summary>
public sealed class HmacSha256Tests
{
    // RFC 4231, test cases 1 and 2.
    [Theory]
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")]
    [InlineData("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    public void Hash_Rfc4231Vectors(string key, string data, string mac)
    {
        Assert.Equal(mac, Convert.ToHexStringLower(HmacSha256.Hash(Convert.FromHexString(key), Convert.FromHexString(data))));
    }

    [Fact]
    public void Hash_KeyLongerThanTheBlock_Rfc4231Case6()
    {
        var key = Enumerable.Repeat((byte)0xaa, 131).ToArray();
        var data = "Test Using Larger Than Block-Size Key - Hash Key First"u8;

        Assert.Equal("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", Convert.ToHexStringLower(HmacSha256.Hash(key, data)));
    }

    [Fact]
    public void Hash_RandomKeysAndMessages_EqualsTheFrameworks()
    {
        var random = new Random(4231);
        foreach (var length in new[] { 0, 1, 55, 56, 63, 64, 65, 1000 })
        {
            var key = new byte[32];
            var message = new byte[length];
            random.NextBytes(key);
            random.NextBytes(message);

            Assert.Equal(HMACSHA256.HashData(key, message), HmacSha256.Hash(key, message));
        }
    }
}
