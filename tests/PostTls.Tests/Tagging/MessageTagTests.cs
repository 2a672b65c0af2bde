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

    [Fact]
    public void Create_Tag_IsTwoLowerCaseBase32PartsAroundADot()
    {
        var tag = MessageTag.Create(Key);

        Assert.Matches("^[a-z2-7]{16}\\.[a-z2-7]{16}$", tag);
    }

    [Fact]
    public void Create_ManyTags_AreDistinct()
    {
        var tags = Enumerable.Range(0, 1000).Select(_ => MessageTag.Create(Key)).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(1000, tags.Count);
    }

    /// <summary>
    /// Tags computed independently (Python's hmac module) for Key: they pin the MAC input
    /// ("posttls-tag-v1:" + ID) and the truncation to 10 bytes, so that a change to either
    /// cannot silently orphan the tags of mail already in the queue.
    /// </summary>
    [Theory]
    [InlineData("aaaaaaaaaaaaaaaa.xdrvnfsdgg2s43jx")]
    [InlineData("aaisem2ekvthpcez.5okyq3wut46orpr3")]
    public void Verify_KnownTag_ReturnsTrue(string tag)
    {
        Assert.True(MessageTag.Verify(Key, tag));
    }

    public static TheoryData<string?> Malformed()
    {
        var valid = MessageTag.Create(Key);
        var id = valid[..MessageTag.PartLength];
        var mac = valid[(MessageTag.PartLength + 1)..];
        return new TheoryData<string?>
        {
            null,
            "",
            ".",
            valid[..^1],
            valid + "a",
            valid[1..],
            id + "-" + mac,
            id + "_" + mac,
            id + mac + "a",
            valid.ToUpperInvariant(),
            id.ToUpperInvariant() + "." + mac,
            id + "." + mac.ToUpperInvariant(),
            id + "." + (mac[0] == 'a' ? 'b' : 'a') + mac[1..],
            (id[0] == 'a' ? 'b' : 'a') + id[1..] + "." + mac,
            id + "." + id,
            mac + "." + id,
            " " + valid[1..],
            valid[..^1] + " ",
            valid[..^1] + "\n",
            id + "." + mac[..^1] + "8",
            id + "." + mac[..^1] + "1",
            id + "." + mac[..^1] + "=",
            id[..^1] + "0." + mac,
            id + "." + mac[..^1] + "\u00e9",
            "abcdefghijklmnop.qrstuvwxyz234567",
            "aaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaa",
            new string('a', MessageTag.Length),
        };
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Verify_ForgedOrMalformedTag_ReturnsFalse(string? tag)
    {
        Assert.False(MessageTag.Verify(Key, tag));
    }

    [Fact]
    public void Verify_EmptyKey_RejectsTagMadeWithRealKey()
    {
        Assert.False(MessageTag.Verify([], MessageTag.Create(Key)));
    }
}
