using PostTls.Tagging;

namespace PostTls.Tests.Tagging;

public sealed class MessageTagTests
{
    private const string Alice = "alice@example.org";
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(6);

    private static TagStatus Check(string? tag, string sender = Alice, DateTimeOffset? now = null) =>
        MessageTag.Check(Key, tag, sender, now ?? Now, MaxAge);

    [Fact]
    public void Create_Check_RoundTrips()
    {
        var tag = MessageTag.Create(Key, Alice, Now);

        Assert.Equal(TagStatus.Valid, Check(tag));
        Assert.Equal(Now, MessageTag.CreatedOf(tag));
        Assert.Equal(tag[..MessageTag.PartLength], MessageTag.IdOf(tag));
    }

    [Fact]
    public void Create_Tag_IsIdCreationTimeAndMac()
    {
        var tag = MessageTag.Create(Key, Alice, Now);

        Assert.Matches($"^[a-z2-7]{{16}}\\.{Now.ToUnixTimeSeconds()}\\.[a-z2-7]{{16}}$", tag);
    }

    [Fact]
    public void Check_OtherKey_Invalid()
    {
        var otherKey = (byte[])Key.Clone();
        otherKey[0] ^= 1;

        Assert.Equal(TagStatus.Invalid, MessageTag.Check(otherKey, MessageTag.Create(Key, Alice, Now), Alice, Now, MaxAge));
    }

    /// <summary>The attack of issue 10: a tag copied onto mail from another envelope sender is worth nothing.</summary>
    [Theory]
    [InlineData("mallory@example.org")]
    [InlineData("alice@example.org.evil.test")]
    [InlineData("alice2@example.org")]
    [InlineData("Alice@example.org")]
    [InlineData("")]
    public void Check_OtherSender_Invalid(string sender)
    {
        Assert.Equal(TagStatus.Invalid, Check(MessageTag.Create(Key, Alice, Now), sender));
    }

    /// <summary>
    /// The filter gets the sender from pipe(8)'s q flag, quoted ("john doe"@example.org); the sweep
    /// from postcat, unquoted (john doe@example.org). Both are the same sender; the domain's case never counts.
    /// </summary>
    [Theory]
    [InlineData("\"john doe\"@example.org", "john doe@example.org")]
    [InlineData("john doe@example.org", "\"john doe\"@example.org")]
    [InlineData("\"a\\\"b\"@example.org", "a\"b@example.org")]
    [InlineData("alice@EXAMPLE.org", "alice@example.org")]
    [InlineData("jürgen@BÜCHER.example", "jürgen@bücher.example")]
    public void Check_SameSenderOtherSpelling_Valid(string filterSender, string sweepSender)
    {
        Assert.Equal(TagStatus.Valid, Check(MessageTag.Create(Key, filterSender, Now), sweepSender));
    }

    [Fact]
    public void Check_TooOld_RefusedAtTheBoundNotBefore()
    {
        var tag = MessageTag.Create(Key, Alice, Now);

        Assert.Equal(TagStatus.Valid, Check(tag, now: Now + MaxAge));
        Assert.Equal(TagStatus.TooOld, Check(tag, now: Now + MaxAge + TimeSpan.FromSeconds(1)));
        Assert.Equal(TagStatus.TooOld, Check(tag, now: Now + (10 * Day)));
    }

    [Fact]
    public void Check_DatedAheadOfTheClock_RefusedBeyondTheSkew()
    {
        Assert.Equal(TagStatus.Valid, Check(MessageTag.Create(Key, Alice, Now + MessageTag.ClockSkew)));
        Assert.Equal(TagStatus.FromTheFuture, Check(MessageTag.Create(Key, Alice, Now + MessageTag.ClockSkew + TimeSpan.FromSeconds(1))));
    }

    /// <summary>The creation time is under the MAC: moving it to make an old tag young again breaks the tag.</summary>
    [Fact]
    public void Check_CreationTimeAltered_Invalid()
    {
        var tag = MessageTag.Create(Key, Alice, Now - (10 * Day));
        var time = (Now - (10 * Day)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(TagStatus.TooOld, Check(tag));
        Assert.Equal(TagStatus.Invalid, Check(tag.Replace(time, Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
    }

    [Fact]
    public void Create_ManyTags_AreDistinct()
    {
        var tags = Enumerable.Range(0, 1000).Select(_ => MessageTag.Create(Key, Alice, Now)).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(1000, tags.Count);
    }

    /// <summary>
    /// Tags computed independently (Python's hmac module) for Key: they pin the MAC input
    /// ("posttls-tag-v2:" + ID + ":" + CREATED + ":" + canonical sender, UTF-8) and the
    /// truncation to 10 bytes, so that a change to either cannot silently orphan the tags of
    /// mail already in the queue.
    /// </summary>
    [Theory]
    [InlineData("aaaaaaaaaaaaaaaa.1795340986.knuu6ei3fafbthdn", "alice@example.org")]
    [InlineData("aaisem2ekvthpcez.1795340986.df6gvoohquqsmrx4", "\"john doe\"@Example.ORG")]
    [InlineData("aaisem2ekvthpcez.1795340986.tfa4dagba4ktojxe", "jürgen@bücher.example")]
    public void Check_KnownTag_Valid(string tag, string sender)
    {
        Assert.Equal(TagStatus.Valid, Check(tag, sender, DateTimeOffset.FromUnixTimeSeconds(1795340986)));
    }

    /// <summary>Tags of the first format (pinned the same way, "posttls-tag-v1:" + ID) are recognised, and never valid.</summary>
    [Theory]
    [InlineData("aaaaaaaaaaaaaaaa.xdrvnfsdgg2s43jx")]
    [InlineData("aaisem2ekvthpcez.5okyq3wut46orpr3")]
    public void Check_FirstFormatTag_LegacyWhateverTheSender(string tag)
    {
        Assert.Equal(TagStatus.Legacy, Check(tag));
        Assert.Equal(TagStatus.Legacy, Check(tag, "mallory@example.org"));
        Assert.Equal(tag[..16], MessageTag.IdOf(tag));
        Assert.Null(MessageTag.CreatedOf(tag));
    }

    [Fact]
    public void Check_FirstFormatShapeWithWrongMac_Invalid()
    {
        Assert.Equal(TagStatus.Invalid, Check("aaaaaaaaaaaaaaaa.xdrvnfsdgg2s43ja"));
    }

    public static TheoryData<string?> Malformed()
    {
        var valid = MessageTag.Create(Key, Alice, Now);
        var id = valid[..MessageTag.PartLength];
        var time = Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var mac = valid[^MessageTag.PartLength..];
        return new TheoryData<string?>
        {
            null,
            "",
            ".",
            "..",
            valid[..^1],
            valid[1..],
            id + "-" + time + "." + mac,
            id + "." + time + "_" + mac,
            id + time + "." + mac,
            id + ".." + mac,
            id + ".0" + time + "." + mac,
            id + ".+" + time + "." + mac,
            id + ".-" + time + "." + mac,
            id + ". " + time + "." + mac,
            id + "." + time + " ." + mac,
            id + "." + time + "x." + mac,
            id + ".1234567890123." + mac,
            id + "." + time + "." + mac + "." + mac,
            id + "." + time + "." + time + "." + mac,
            " " + valid,
            valid + " ",
            valid + "\n",
            id.ToUpperInvariant() + "." + time + "." + mac,
            id + "." + time + "." + mac.ToUpperInvariant(),
            id + "." + time + "." + mac[..^1] + "8",
            id + "." + time + "." + mac[..^1] + "=",
            id + "." + time + "." + mac[..^1] + "\u00e9",
            id + "." + "\u0661\u0662\u0663" + "." + mac,
            new string('a', 50),
        };
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Check_MalformedTag_MalformedAndNoId(string? tag)
    {
        Assert.Equal(TagStatus.Malformed, Check(tag));
        Assert.Null(MessageTag.IdOf(tag));
    }

    public static TheoryData<string> Forged()
    {
        var valid = MessageTag.Create(Key, Alice, Now);
        var id = valid[..MessageTag.PartLength];
        var mac = valid[^MessageTag.PartLength..];
        var middle = valid[MessageTag.PartLength..^MessageTag.PartLength];
        return new TheoryData<string>
        {
            id + middle + (mac[0] == 'a' ? 'b' : 'a') + mac[1..],
            (id[0] == 'a' ? 'b' : 'a') + id[1..] + middle + mac,
            id + middle + id,
            mac + middle + id,
            "aaaaaaaaaaaaaaaa.1795340986.aaaaaaaaaaaaaaaa",
            id + "." + mac,
        };
    }

    [Theory]
    [MemberData(nameof(Forged))]
    public void Check_ForgedTag_Invalid(string tag)
    {
        Assert.Equal(TagStatus.Invalid, Check(tag));
    }

    [Fact]
    public void Check_EmptyKey_RejectsTagMadeWithRealKey()
    {
        Assert.Equal(TagStatus.Invalid, MessageTag.Check([], MessageTag.Create(Key, Alice, Now), Alice, Now, MaxAge));
    }
}
