using PostTls.IntegrationTests.TestBed;
using PostTls.Tagging;

namespace PostTls.IntegrationTests.Sweep;

/// <summary>
/// A tag is accepted only for the envelope sender it was made for and for
/// maximal_queue_lifetime (5d here) plus a day after it was made: tags minted with the real key
/// and put into mail from a host in mynetworks (not filtered), as a tag taken from an old message would be.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class TagAgeThroughPostfixTests(PostfixTestBed bed)
{
    private const string Alice = "alice@posttls.test";

    [Theory]
    [InlineData(1, Alice, "open")]
    [InlineData(6 * 24 - 1, Alice, "open")]
    [InlineData(6 * 24 + 1, Alice, "untagged")]
    [InlineData(30 * 24, Alice, "untagged")]
    [InlineData(1, "dave@posttls.test", "untagged")]
    public void Tag_MadeHoursAgoForSender_TrackedAs(int hoursAgo, string madeFor, string expected)
    {
        var marker = TestMessage.NewMarker();
        var recipient = $"{marker}@{PostfixTestBed.TlsDomain}";
        var tag = MessageTag.Create(bed.Key, madeFor, DateTimeOffset.UtcNow - TimeSpan.FromHours(hoursAgo));
        var message = $"X-PostTLS-ID: {tag}\nFrom: <{Alice}>\nTo: <{recipient}>\nSubject: test {marker}\nMessage-ID: <{marker}@client.posttls.test>\n\nHello.\n";

        SenderSide.Unfiltered(bed, Alice, recipient, message);
        var entry = bed.WaitForTlsDeferral(recipient);
        new SweepDriver(bed, new ManualClock(DateTimeOffset.UtcNow)).Sweep();

        Assert.Equal(expected, SenderSide.TrackedAs(bed, entry.QueueId)?.State.ToString().ToLowerInvariant());
        if (expected == "open")
        {
            SenderSide.MailWith(bed, "alice", "X-PostTLS-Notice: notice", marker + "@client.posttls.test");
        }
        else
        {
            Thread.Sleep(1000);
            Assert.Empty(StuckMail.MailsAbout(bed, "alice", marker, "notice"));
        }
    }
}
