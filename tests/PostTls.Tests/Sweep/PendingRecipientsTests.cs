using PostTls.Queue;
using PostTls.Sweep;

namespace PostTls.Tests.Sweep;

public sealed class PendingRecipientsTests
{
    private static QueuedMessage Entry(params string[] addresses) =>
        new("deferred", "DF160B1E4BA", 1795339110, 261, "a@posttls.test", addresses.Select(a => new QueuedRecipient(a, "")).ToList());

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(200)]
    public void Contains_AnySpellingOfAListedRecipient_TrueOthersFalse(int count)
    {
        var listed = Enumerable.Range(0, count).Select(i => $"user{i}@Example.test").Append("john doe@example.test").ToArray();
        var pending = new PendingRecipients(Entry(listed));

        Assert.All(listed, a => Assert.True(pending.Contains(a)));
        Assert.True(pending.Contains("user0@EXAMPLE.test"));
        Assert.True(pending.Contains("\"john doe\"@example.test"));
        Assert.False(pending.Contains("User0@example.test")); // the local part may be case-sensitive
        Assert.False(pending.Contains($"user{count}@example.test"));
    }

    [Fact]
    public void Contains_NoRecipientsListed_False() =>
        Assert.False(new PendingRecipients(Entry()).Contains("a@example.test"));
}
