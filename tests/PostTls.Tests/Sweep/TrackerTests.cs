using PostTls.Tagging;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Sweep;

public sealed class TrackerTests
{
    private const string Alice = "alice@posttls.test";

    /// <summary>Case → sender and extra header lines of a tagged, TLS-deferred message that must never be notified.</summary>
    public static TheoryData<string, string, string[]> LoopRisks => new()
    {
        { "null sender (a bounce)", "", [] },
        { "our own notification", Alice, ["X-PostTLS-Notice: notice"] },
        { "our own notification, other case", Alice, ["x-posttls-notice: confirmation"] },
        { "an automatic reply", Alice, ["Auto-Submitted: auto-replied"] },
        { "automatically generated, with a comment", Alice, ["Auto-Submitted: auto-generated (vacation)"] },
        { "automatic, folded", Alice, ["Auto-Submitted:", " auto-replied"] },
        { "sent from an action address", "posttls-send-aaisem2ekvthpcez-29926920-5vzgkwy3uxr64cti@" + SweepHarness.ActionDomain, [] },
        { "sent from an action address in upper case", "POSTTLS-DELETE-x@elsewhere.test", [] },
    };

    [Theory]
    [MemberData(nameof(LoopRisks))]
    public void Track_LoopRisk_IgnoredAndNeverNotified(string why, string sender, string[] headers)
    {
        using var sweep = new SweepHarness();
        var file = sweep.Add(QueueFile.Message(sweep.NewQueueId(), sender, [$"X-PostTLS-ID: {sweep.NewTag()}", .. headers], "bob@example.test"));

        sweep.Sweep();
        sweep.Clock.Now += TimeSpan.FromDays(4);
        sweep.Sweep();

        Assert.True(sweep.StateOf(file.QueueId) == "ignored", $"{why}: {sweep.StateOf(file.QueueId)}");
        Assert.Empty(sweep.Queue.Sent);
        Assert.DoesNotContain(sweep.Queue.Calls, c => c.StartsWith("postsuper", StringComparison.Ordinal));
        Assert.Equal(1, sweep.Count("audit_log", "action = 'tracked' AND detail LIKE 'ignored: %'"));
    }

    [Theory]
    [InlineData("Auto-Submitted: no")]
    [InlineData("Auto-Submitted: No (a person wrote this)")]
    public void Track_AutoSubmittedNo_Notified(string header)
    {
        using var sweep = new SweepHarness();
        var file = sweep.Add(QueueFile.Message(sweep.NewQueueId(), Alice, [$"X-PostTLS-ID: {sweep.NewTag()}", header], "bob@example.test"));

        sweep.Sweep();

        Assert.Equal("open", sweep.StateOf(file.QueueId));
        Assert.Single(sweep.SentTo(Alice));
    }

    /// <summary>notify_untagged_senders, sender → notified or not.</summary>
    public static TheoryData<string, string, bool> Untagged => new()
    {
        { "", Alice, false },
        { "posttls.test", Alice, true },
        { "PostTLS.Test", "alice@POSTTLS.test", true },
        { "other.test, posttls.test", Alice, true },
        { "posttls.test", "alice@sub.posttls.test", false },
        { ".posttls.test", "alice@sub.posttls.test", true },
        { ".posttls.test", Alice, false },
        { "posttls.test", "alice@posttls.test.evil.test", false },
        { "posttls.test", "alice@evilposttls.test", false },
    };

    [Theory]
    [MemberData(nameof(Untagged))]
    public void Track_Untagged_NotifiedOnlyWhenSenderDomainListed(string notifyUntagged, string sender, bool notified)
    {
        using var sweep = new SweepHarness($"notify_untagged_senders = {notifyUntagged}");
        var file = sweep.Add(QueueFile.Message(sweep.NewQueueId(), sender, [], "bob@example.test"));

        sweep.Sweep();

        Assert.Equal(notified ? "open" : "untagged", sweep.StateOf(file.QueueId));
        Assert.Equal(notified ? 1 : 0, sweep.Queue.Sent.Count);
        Assert.All(sweep.Queue.Sent, m => Assert.Equal(sender, m.Recipient));
    }

    /// <summary>Tags that do not verify are untagged mail, however they look.</summary>
    [Theory]
    [InlineData("made with another key")]
    [InlineData("made for another sender")]
    [InlineData("older than maximal_queue_lifetime + 1d")]
    [InlineData("dated in the future")]
    [InlineData("first format, bound to nothing but its id")]
    [InlineData("upper case")]
    [InlineData("MAC altered")]
    [InlineData("garbage")]
    [InlineData("empty")]
    public void Track_TagDoesNotVerify_TreatedAsUntagged(string kind)
    {
        using var sweep = new SweepHarness();
        var good = sweep.NewTag();
        var tag = kind switch
        {
            "made with another key" => MessageTag.Create(Enumerable.Repeat((byte)9, SecretKey.Length).ToArray(), Alice, sweep.Clock.GetUtcNow()),
            "made for another sender" => sweep.NewTag("mallory@posttls.test"),
            "older than maximal_queue_lifetime + 1d" => MessageTag.Create(sweep.Key, Alice, sweep.Clock.GetUtcNow() - TimeSpan.FromDays(6) - TimeSpan.FromSeconds(1)),
            "dated in the future" => MessageTag.Create(sweep.Key, Alice, sweep.Clock.GetUtcNow() + TimeSpan.FromHours(1)),
            "first format, bound to nothing but its id" => FirstFormatTag(sweep.Key),
            "upper case" => good.ToUpperInvariant(),
            "MAC altered" => good[..^1] + (good[^1] == 'a' ? 'b' : 'a'),
            "garbage" => "not-a-tag",
            _ => "",
        };
        var file = sweep.Add(QueueFile.Message(sweep.NewQueueId(), Alice, [$"X-PostTLS-ID: {tag}"], "bob@example.test"));

        sweep.Sweep();

        Assert.True(sweep.StateOf(file.QueueId) == "untagged", kind);
        Assert.Empty(sweep.Queue.Sent);
    }

    /// <summary>The bound is Postfix's maximal_queue_lifetime plus a day: no message waits longer in the queue.</summary>
    [Theory]
    [InlineData("2d", 71, "open")]
    [InlineData("2d", 73, "untagged")]
    [InlineData("12h", 35, "open")]
    [InlineData("12h", 37, "untagged")]
    [InlineData(null, 143, "open")]
    [InlineData(null, 145, "untagged")]
    [InlineData("0", 143, "open")]
    public void Track_TagAge_RefusedBeyondMaximalQueueLifetimePlusOneDay(string? lifetime, int hoursOld, string state)
    {
        using var sweep = new SweepHarness();
        if (lifetime is not null)
        {
            sweep.Queue.ParameterValues["maximal_queue_lifetime"] = lifetime;
        }

        var tag = MessageTag.Create(sweep.Key, Alice, sweep.Clock.GetUtcNow() - TimeSpan.FromHours(hoursOld));
        var file = sweep.Add(QueueFile.Tagged(sweep.NewQueueId(), tag, Alice, "bob@example.test"));

        sweep.Sweep();

        Assert.Equal(state, sweep.StateOf(file.QueueId));
        if (state == "untagged")
        {
            Assert.Equal(1, sweep.Count("audit_log", "detail LIKE '%: its tag is older than % (maximal_queue_lifetime + 1d)'"));
        }
    }

    /// <summary>
    /// A message tracked with a tag of the first format before the upgrade keeps its record: the
    /// record was made when that tag was still accepted, and a requeue is followed by exact tag,
    /// sender and Message-ID.
    /// </summary>
    [Fact]
    public void Track_FirstFormatTagTrackedBeforeTheUpgrade_RequeueIsFollowed()
    {
        using var sweep = new SweepHarness();
        var legacy = FirstFormatTag(sweep.Key);
        var first = sweep.Add(QueueFile.Tagged(sweep.NewQueueId(), legacy, Alice, "bob@example.test"));
        sweep.Sweep();
        Assert.Equal("untagged", sweep.StateOf(first.QueueId)); // not accepted for new tracking
        using (var database = PostTls.State.StateDatabase.Open(sweep.DataDirectory))
        {
            // As the old version tracked it.
            database.Execute("UPDATE messages SET message_key = $k, tag = $t, state = 'open'", ("$k", legacy[..16]), ("$t", legacy));
        }

        sweep.Queue.Files.Remove(first);
        var requeued = sweep.Add(first.CopyAs(sweep.NewQueueId()));
        sweep.Sweep();

        Assert.Equal(1, sweep.Count("messages"));
        Assert.Equal("open", sweep.StateOf(requeued.QueueId));
    }

    /// <summary>A tag as posttls 0.1 made it: ID.MAC, HMAC-SHA256(key, "posttls-tag-v1:" + ID).</summary>
    private static string FirstFormatTag(byte[] key)
    {
        const string id = "aaisem2ekvthpcez";
        var mac = System.Security.Cryptography.HMACSHA256.HashData(key, System.Text.Encoding.ASCII.GetBytes("posttls-tag-v1:" + id));
        return id + "." + Base32.Encode(mac.AsSpan(0, 10));
    }

    [Fact]
    public void Track_SameTagUnderNewQueueId_OneMessageFollowedNotNotifiedTwice()
    {
        using var sweep = new SweepHarness();
        var tag = sweep.NewTag();
        var first = sweep.Add(QueueFile.Tagged(sweep.NewQueueId(), tag, Alice, "bob@example.test"));
        sweep.Sweep();
        sweep.Queue.Files.Remove(first);
        var requeued = sweep.Add(first.CopyAs(sweep.NewQueueId()));

        sweep.Sweep();

        Assert.Equal(1, sweep.Count("messages"));
        Assert.Equal("open", sweep.StateOf(requeued.QueueId));
        Assert.Single(sweep.SentTo(Alice));
    }
}
