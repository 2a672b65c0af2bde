using PostTls.Spool;
using PostTls.Tagging;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Sweep;

/// <summary>
/// A known tag on another queue entry (issue 10): the entry is the same message, requeued, only
/// when tag, envelope sender and Message-ID match, the known message is still open, its own
/// entry is gone and the newcomer is not older. Anything else is a copy of the tag: tracked on
/// its own as untagged, never taking over the known message, and the administrator is alerted
/// once per copy.
/// </summary>
public sealed class TrackerTagReuseTests
{
    private const string Alice = "alice@posttls.test";
    private const string Mallory = "mallory@posttls.test";

    public static TheoryData<string> Copies => new()
    {
        "another envelope sender",
        "another Message-ID",
        "same sender and Message-ID while the original is still queued",
        "the original's record is closed",
        "arrived before the original",
    };

    [Theory]
    [MemberData(nameof(Copies))]
    public void Track_KnownTagOnACopy_CopyTrackedUntaggedOriginalKeepsItsRecordAdminAlertedOnce(string how)
    {
        using var sweep = new SweepHarness();
        var original = sweep.AddTagged(Alice, "bob@example.test");
        sweep.Sweep();
        var id = sweep.NewQueueId();
        QueueFile copy;
        switch (how)
        {
            case "another envelope sender":
                copy = original.CopyAs(id, sender: Mallory, arrivalTime: original.ArrivalTime + 60);
                break;
            case "another Message-ID":
                copy = original.CopyAs(id, arrivalTime: original.ArrivalTime + 60, headerLines: WithMessageId(original, "<other@posttls.test>"));
                break;
            case "same sender and Message-ID while the original is still queued":
                copy = original.CopyAs(id, arrivalTime: original.ArrivalTime + 60);
                break;
            case "the original's record is closed":
                sweep.Queue.Files.Remove(original);
                sweep.Sweep();
                sweep.Sweep();
                Assert.Equal("closed", sweep.StateOf(original.QueueId));
                copy = original.CopyAs(id, arrivalTime: original.ArrivalTime + 600);
                break;
            default:
                sweep.Queue.Files.Remove(original);
                copy = original.CopyAs(id, arrivalTime: original.ArrivalTime - 60);
                break;
        }

        sweep.Add(copy);
        sweep.Sweep();
        sweep.Sweep();

        Assert.True(sweep.StateOf(copy.QueueId) == "untagged", $"{how}: the copy is {sweep.StateOf(copy.QueueId) ?? "not tracked"}");
        Assert.NotNull(sweep.StateOf(original.QueueId)); // the original's record was not moved to the copy
        Assert.Equal(2, sweep.Count("messages"));
        Assert.Equal(1, sweep.Count("messages", "tag IS NOT NULL"));
        Assert.Single(sweep.SentTo(Alice)); // the notice about her own message, never one about the copy
        Assert.Empty(sweep.SentTo(Mallory));
        var alert = Assert.Single(sweep.SentTo(SweepHarness.AdminAddress));
        Assert.Contains("Subject: PostTLS: 1 queue entry carries the tag of another message", alert.Text, StringComparison.Ordinal);
        Assert.Contains(copy.QueueId, alert.Text, StringComparison.Ordinal);
        Assert.Contains(original.QueueId, alert.Text, StringComparison.Ordinal);
        Assert.Equal(1, sweep.Count("audit_log", "action = 'tag reused'"));
        Assert.Equal(1, sweep.Count("notifications", "kind = 'tag-reused'"));
        Assert.Contains(sweep.Log.Lines, l => l.StartsWith($"warning: {copy.QueueId}: ", StringComparison.Ordinal) && l.Contains("tag reused, not trusted", StringComparison.Ordinal));
    }

    /// <summary>The copy never gets alice's decision either: her action addresses name her message, and her message stays hers.</summary>
    [Fact]
    public void Track_CopyWhileOriginalQueued_AlicesDeadlineActsOnHerMessageOnly()
    {
        using var sweep = new SweepHarness();
        var original = sweep.AddTagged(Alice, "bob@example.test");
        sweep.Sweep();
        var copy = sweep.Add(original.CopyAs(sweep.NewQueueId(), arrivalTime: original.ArrivalTime + 60));
        sweep.Sweep();

        sweep.Clock.Now += TimeSpan.FromDays(4);
        sweep.Sweep();

        Assert.Contains($"postsuper -f {original.QueueId}", sweep.Queue.Calls);
        Assert.DoesNotContain(sweep.Queue.Calls, c => c.StartsWith("postsuper", StringComparison.Ordinal) && c.EndsWith(copy.QueueId, StringComparison.Ordinal));
    }

    [Fact]
    public void Track_RequeuedSameContentOriginalGone_FollowedNoAlert()
    {
        using var sweep = new SweepHarness();
        var original = sweep.AddTagged(Alice, "bob@example.test");
        sweep.Sweep();
        sweep.Queue.Files.Remove(original);
        var requeued = sweep.Add(original.CopyAs(sweep.NewQueueId()));

        sweep.Sweep();

        Assert.Equal(1, sweep.Count("messages"));
        Assert.Equal("open", sweep.StateOf(requeued.QueueId));
        Assert.Empty(sweep.SentTo(SweepHarness.AdminAddress));
        Assert.Equal(0, sweep.Count("audit_log", "action = 'tag reused'"));
    }

    /// <summary>Domains have no case: still the same sender.</summary>
    [Fact]
    public void Track_RequeuedSenderSpelledWithOtherCaseInTheDomain_Followed()
    {
        using var sweep = new SweepHarness();
        var original = sweep.AddTagged(Alice, "bob@example.test");
        sweep.Sweep();
        sweep.Queue.Files.Remove(original);
        var requeued = sweep.Add(original.CopyAs(sweep.NewQueueId(), sender: "alice@PostTLS.Test"));

        sweep.Sweep();

        Assert.Equal(1, sweep.Count("messages"));
        Assert.Equal("open", sweep.StateOf(requeued.QueueId));
    }

    /// <summary>Both in one sweep, the copy listed first: the earlier arrival is the message, the later one the copy.</summary>
    [Fact]
    public void Track_OriginalAndCopyNewInOneSweep_EarlierArrivalTrustedLaterOneUntagged()
    {
        using var sweep = new SweepHarness();
        var tag = sweep.NewTag(Alice);
        var original = QueueFile.Tagged(sweep.NewQueueId(), tag, Alice, "bob@example.test");
        var copy = original.CopyAs(sweep.NewQueueId(), arrivalTime: original.ArrivalTime + 30);
        sweep.Add(copy);
        sweep.Add(original);

        sweep.Sweep();

        Assert.Equal("open", sweep.StateOf(original.QueueId));
        Assert.Equal("untagged", sweep.StateOf(copy.QueueId));
        Assert.Single(sweep.SentTo(Alice));
        Assert.Contains(copy.QueueId, Assert.Single(sweep.SentTo(SweepHarness.AdminAddress)).Text, StringComparison.Ordinal);
    }

    /// <summary>Two entries with one tag in the same second cannot be told apart: nobody is asked, both are reported.</summary>
    [Fact]
    public void Track_TwoEntriesOneTagSameSecond_NeitherTrustedBothInOneAlert()
    {
        using var sweep = new SweepHarness();
        var one = sweep.AddTagged(Alice, "bob@example.test");
        var two = sweep.Add(one.CopyAs(sweep.NewQueueId()));

        sweep.Sweep();
        sweep.Sweep();

        Assert.Equal("untagged", sweep.StateOf(one.QueueId));
        Assert.Equal("untagged", sweep.StateOf(two.QueueId));
        Assert.Empty(sweep.SentTo(Alice));
        var alert = Assert.Single(sweep.SentTo(SweepHarness.AdminAddress));
        Assert.Contains("Subject: PostTLS: 2 queue entries carry the tag of another message", alert.Text, StringComparison.Ordinal);
        Assert.Equal(2, sweep.Count("notifications", "kind = 'tag-reused'"));
    }

    /// <summary>
    /// The copy (sender forged as alice's) is deferred for TLS and tracked before alice's own
    /// message, which waited elsewhere (here: on hold). When hers arrives, the older entry shows
    /// which one is the copy: neither is trusted any more, the notice's actions stop working,
    /// and both are reported.
    /// </summary>
    [Fact]
    public void Track_CopyTrackedBeforeAnOlderOriginal_BothDistrustedAndItsActionsNoLongerWork()
    {
        using var sweep = new SweepHarness();
        var original = sweep.AddTagged(Alice, "bob@example.test");
        original.QueueName = "hold";
        var copy = sweep.Add(original.CopyAs(sweep.NewQueueId(), arrivalTime: original.ArrivalTime + 120));
        copy.QueueName = "deferred";
        sweep.Sweep();
        Assert.Equal("open", sweep.StateOf(copy.QueueId));
        var key = original.HeaderLines[0].Substring("X-PostTLS-ID: ".Length, 16);

        original.QueueName = "deferred";
        sweep.Sweep();

        Assert.Equal("untagged", sweep.StateOf(original.QueueId));
        Assert.Equal("untagged", sweep.StateOf(copy.QueueId));
        Assert.Equal(0, sweep.Count("messages", "tag IS NOT NULL"));
        Assert.Equal(0, sweep.Count("messages", $"message_key = '{key}'"));
        var alert = Assert.Single(sweep.SentTo(SweepHarness.AdminAddress));
        Assert.Contains("2 queue entries carry the tag of another message", alert.Text, StringComparison.Ordinal);

        new DecisionSpool(sweep.SpoolDirectory).Drop(new DecisionFile(SenderAction.Release, key, Alice, sweep.Clock.GetUtcNow()));
        sweep.Sweep();

        Assert.DoesNotContain(sweep.Queue.Calls, c => c.StartsWith("postsuper", StringComparison.Ordinal));
    }

    [Fact]
    public void Track_TagReusedAlertSendmailFails_RetriedNextSweepOnce()
    {
        using var sweep = new SweepHarness();
        var original = sweep.AddTagged(Alice, "bob@example.test");
        sweep.Sweep();
        sweep.Add(original.CopyAs(sweep.NewQueueId(), sender: Mallory, arrivalTime: original.ArrivalTime + 60));
        sweep.Queue.OnSendmail = (_, recipient, _) => recipient == SweepHarness.AdminAddress
            ? new PostTls.Postfix.CommandResult(75, "", "sendmail: fatal: queue file write error\n")
            : null;

        sweep.Sweep();
        Assert.Empty(sweep.SentTo(SweepHarness.AdminAddress));

        sweep.Queue.OnSendmail = null;
        sweep.Sweep();
        sweep.Sweep();

        Assert.Single(sweep.SentTo(SweepHarness.AdminAddress));
    }

    private static IEnumerable<string> WithMessageId(QueueFile file, string messageId) =>
        file.HeaderLines.Select(l => l.StartsWith("Message-ID:", StringComparison.Ordinal) ? "Message-ID: " + messageId : l);
}
