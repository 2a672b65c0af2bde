using PostTls.Logging;
using PostTls.Postfix;
using PostTls.Queue;

namespace PostTls.Run;

/// <summary>
/// One reading of the whole queue (<c>postqueue -j</c>). Malformed lines are logged and
/// skipped. A message can appear twice while the queue changes: the last line wins.
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
        var messages = new Dictionary<string, QueuedMessage>(StringComparer.Ordinal);
        var skipped = 0;
        foreach (var line in queue.ListQueue())
        {
            if (PostqueueJson.TryParse(line, out var message, out var problem))
            {
                messages[message.QueueId] = message;
            }
            else
            {
                skipped++;
                log.Warning($"skipped a postqueue -j line: {problem}");
            }
        }

        if (skipped > 0 && messages.Count == 0)
        {
            // Not a queue listing at all: acting on it would take every tracked message for gone.
            throw new PostfixException($"postqueue -j printed {skipped} line(s) and none of them describes a message; the listing is not used");
        }

        return new QueueScan(messages, skipped);
    }

    /// <summary>The queue entry of a tracked message: same queue ID and arrival time (IDs are reused).</summary>
    public bool TryGet(State.TrackedMessage tracked, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out QueuedMessage? queued) =>
        Messages.TryGetValue(tracked.QueueId, out queued) && queued.ArrivalTime == tracked.ArrivalTime;
}
