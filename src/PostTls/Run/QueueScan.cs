using PostTls.Logging;
using PostTls.Postfix;
using PostTls.Queue;

namespace PostTls.Run;

/// <summary>
/// One reading of the whole queue (<c>postqueue -j</c>). Malformed lines are logged and
/// skipped. A message can appear twice while the queue changes: the last line wins
/// (<see cref="PostqueueListing"/>).
/// </summary>
internal sealed class QueueScan
{
    private QueueScan(IReadOnlyDictionary<string, QueuedMessage> messages, int skipped)
    {
        Messages = messages;
        Skipped = skipped;
    }

    /// <summary>By queue ID.</summary>
    public IReadOnlyDictionary<string, QueuedMessage> Messages { get; }

    public int Skipped { get; }

    /// <exception cref="PostfixException">postqueue failed, or printed nothing but unreadable lines; nothing may be concluded from it.</exception>
    public static QueueScan Read(IPostfixQueue queue, MailLog log)
    {
        // Parsed straight from the pipe; the skipped lines are logged only once postqueue has
        // succeeded, as when the whole output was read first.
        var listing = new PostqueueListing();
        queue.ListQueue(listing.Add);
        listing.Finish();
        foreach (var problem in listing.Problems)
        {
            log.Warning($"skipped a postqueue -j line: {problem}");
        }

        var skipped = listing.Problems.Count;
        if (skipped > 0 && listing.Messages.Count == 0)
        {
            // Not a queue listing at all: acting on it would take every tracked message for gone.
            throw new PostfixException($"postqueue -j printed {skipped} line(s) and none of them describes a message; the listing is not used");
        }

        return new QueueScan(listing.Messages, skipped);
    }

    /// <summary>The queue entry of a tracked message: same queue ID and arrival time (IDs are reused).</summary>
    public bool TryGet(State.TrackedMessage tracked, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out QueuedMessage? queued) =>
        Messages.TryGetValue(tracked.QueueId, out queued) && queued.ArrivalTime == tracked.ArrivalTime;
}
