using PostTls.Admin;
using PostTls.State;

namespace PostTls.Tests.Admin;

/// <summary>Administrators name a message by its whole tag, in the current format or the first one.</summary>
public sealed class MessageReferenceTests
{
    private const string Current = "fmhdrestyld67fgf.1795340986.72s3l7i6tlif5kif";
    private const string First = "aaisem2ekvthpcez.5okyq3wut46orpr3";

    [Theory]
    [InlineData(Current)]
    [InlineData(First)]
    public void Find_WholeTag_FindsTheMessageCarryingIt(string tag)
    {
        using var database = StateDatabase.Open("", inMemory: true);
        var store = new MessageStore(database);
        store.Insert(new TrackedMessage(0, tag[..16], tag, "4B7C81E2A3", 1_795_340_986, "anna@example.org", "s", null, "<m@x>",
            MessageState.Open, 1_795_340_986, null, 0, null, null, null), []);

        Assert.True(MessageReference.TryParse(" " + tag.ToUpperInvariant() + " ", out var reference));
        Assert.Equal(tag, reference.Find(store)?.Tag);
    }

    /// <summary>A tag with the right key but another time or MAC names nothing: the whole tag must match.</summary>
    [Fact]
    public void Find_TagWithTheKeyButAnotherTime_FindsNothing()
    {
        using var database = StateDatabase.Open("", inMemory: true);
        var store = new MessageStore(database);
        store.Insert(new TrackedMessage(0, Current[..16], Current, "4B7C81E2A3", 1_795_340_986, "anna@example.org", "s", null, "<m@x>",
            MessageState.Open, 1_795_340_986, null, 0, null, null, null), []);

        Assert.True(MessageReference.TryParse(Current.Replace("1795340986", "1795340987", StringComparison.Ordinal), out var reference));
        Assert.Null(reference.Find(store));
    }

    [Theory]
    [InlineData("fmhdrestyld67fgf.0795340986.72s3l7i6tlif5kif")]
    [InlineData("fmhdrestyld67fgf..72s3l7i6tlif5kif")]
    [InlineData("fmhdrestyld67fgf.1795340986.72s3l7i6tlif5ki")]
    public void TryParse_MalformedTag_Refused(string text)
    {
        Assert.False(MessageReference.TryParse(text, out _));
    }
}
