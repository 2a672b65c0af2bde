using PostTls.Spool;
using PostTls.Tagging;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Run;

/// <summary>
/// The identity check before every postsuper (issue 10): the queue ID must still hold the same
/// tag, envelope sender and Message-ID. A tag alone can be copied, and queue IDs are reused.
/// </summary>
public sealed class QueueActionsTests
{
    private const string Alice = "alice@posttls.test";

    /// <summary>What the entry under the tracked queue ID now is, beside the tracked message.</summary>
    public static TheoryData<string> Impostors => new()
    {
        "same tag, another envelope sender",
        "same tag and sender, another Message-ID",
        "same sender and Message-ID, no tag",
        "same sender and Message-ID, another tag",
    };

    [Theory]
    [MemberData(nameof(Impostors))]
    public void Deadline_QueueIdNowHoldsAnImpostor_NotActedOn(string impostor)
    {
        using var sweep = new SweepHarness();
        var original = sweep.AddTagged(Alice, "bob@example.test");
        sweep.Sweep();
        Swap(sweep, original, impostor);

        sweep.Clock.Now += TimeSpan.FromDays(4);
        sweep.Sweep();

        Assert.DoesNotContain(sweep.Queue.Calls, c => c.StartsWith("postsuper", StringComparison.Ordinal));
        Assert.Contains(sweep.Log.Lines, l => l == $"warning: {original.QueueId}: no longer holds message {Key(original)}; not acted on");
    }

    [Theory]
    [MemberData(nameof(Impostors))]
    public void DeleteDecision_QueueIdNowHoldsAnImpostor_NotDeleted(string impostor)
    {
        using var sweep = new SweepHarness();
        var original = sweep.AddTagged(Alice, "bob@example.test");
        sweep.Sweep();
        Swap(sweep, original, impostor);
        new DecisionSpool(sweep.SpoolDirectory).Drop(new DecisionFile(SenderAction.Delete, Key(original), Alice, sweep.Clock.GetUtcNow()));

        sweep.Sweep();

        Assert.DoesNotContain(sweep.Queue.Calls, c => c.StartsWith("postsuper -d", StringComparison.Ordinal));
        Assert.NotNull(sweep.Queue.Find(original.QueueId));
    }

    /// <summary>The same message, with its sender spelled as pipe(8) or postqueue spell it: acted on.</summary>
    [Theory]
    [InlineData("alice@posttls.test")]
    [InlineData("alice@POSTTLS.test")]
    public void Deadline_QueueIdStillHoldsTheMessage_Returned(string sender)
    {
        using var sweep = new SweepHarness();
        var original = sweep.AddTagged(Alice, "bob@example.test");
        sweep.Sweep();
        sweep.Queue.Files.Remove(original);
        sweep.Add(original.CopyAs(original.QueueId, sender: sender));

        sweep.Clock.Now += TimeSpan.FromDays(4);
        sweep.Sweep();

        Assert.Contains($"postsuper -f {original.QueueId}", sweep.Queue.Calls);
    }

    private static string Key(QueueFile file) => file.HeaderLines[0].Substring("X-PostTLS-ID: ".Length, MessageTag.PartLength);

    private static void Swap(SweepHarness sweep, QueueFile original, string impostor)
    {
        var tagLine = original.HeaderLines[0];
        var rest = original.HeaderLines.Skip(1).ToList();
        var replacement = impostor switch
        {
            "same tag, another envelope sender" => original.CopyAs(original.QueueId, sender: "mallory@posttls.test"),
            "same tag and sender, another Message-ID" => original.CopyAs(original.QueueId,
                headerLines: original.HeaderLines.Select(l => l.StartsWith("Message-ID:", StringComparison.Ordinal) ? "Message-ID: <other@posttls.test>" : l)),
            "same sender and Message-ID, no tag" => original.CopyAs(original.QueueId, headerLines: rest),
            _ => original.CopyAs(original.QueueId, headerLines: [$"X-PostTLS-ID: {sweep.NewTag(Alice)}", .. rest]),
        };
        Assert.StartsWith("X-PostTLS-ID: ", tagLine, StringComparison.Ordinal);
        sweep.Queue.Files.Remove(original);
        sweep.Add(replacement);
    }
}
