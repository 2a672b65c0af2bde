using PostTls.Tagging;

namespace PostTls.Tests.Tagging;

public sealed class MessageTagTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Create_Verify_RoundTrips()
    {
        var tag = MessageTag.Create(Key);
        Assert.Equal(MessageTag.Length, tag.Length);
        Assert.True(MessageTag.Verify(Key, tag));
    }

    [Fact]
    public void Verify_OtherKey_Rejects()
    {
        var tag = MessageTag.Create(Key);
        var otherKey = (byte[])Key.Clone();
        otherKey[0] ^= 1;
        Assert.False(MessageTag.Verify(otherKey, tag));
    }
}
