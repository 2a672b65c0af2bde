using PostTls.Configuration;
using PostTls.Postfix;
using PostTls.State;

namespace PostTls.Run;

/// <summary>
/// Acts on a queued message through postsuper, after proving that its queue ID still holds
/// the same message: queue IDs are reused, so the ID alone is never trusted.
/// </summary>
internal sealed class QueueActions(RunContext context)
{
    /// <summary>
    /// True when the queue ID still holds <paramref name="message"/>: the same tag (none for
    /// untagged mail), the same envelope sender and the same Message-ID. A tag alone can be
    /// copied into another message, and Postfix gives a freed queue ID to the next message.
    /// </summary>
    /// <exception cref="PostfixException">Postfix cannot say: postcat gave nothing usable while the queue still lists the ID,
    /// or the queue cannot be listed. Nothing may be concluded then, least of all that the message is gone.</exception>
    public bool StillHolds(TrackedMessage message)
    {
        var details = new MessageDetailsReader(context.Queue, context.Log).ReadOne(message.QueueId, out var failure);
        if (details is null)
        {
            RequireGone(message.QueueId, failure);
            return false;
        }

        return IsSame(message, details);
    }

    /// <summary>Whether what postcat read under the queue ID is <paramref name="message"/> (see <see cref="StillHolds"/>).</summary>
    public static bool IsSame(TrackedMessage message, Queue.MessageDetails details) =>
        (message.Tag is null || string.Equals(details.Header(Tagging.MessageTag.HeaderName)?.Trim(), message.Tag, StringComparison.Ordinal))
        && Addresses.EnvelopeAddress.Same(details.Sender, message.Sender)
        && string.Equals(details.Header("Message-ID")?.Trim(), message.MessageIdHeader, StringComparison.Ordinal);

    /// <returns>False when the message is no longer there (logged); nothing was done then.</returns>
    /// <exception cref="PostfixException">postsuper failed, or whether the message is there cannot be told; nothing was done.</exception>
    public bool Apply(PolicyAction action, TrackedMessage message)
    {
        if (action == PolicyAction.Leave)
        {
            return true;
        }

        var option = action switch
        {
            PolicyAction.Return => "-f",
            PolicyAction.Delete => "-d",
            _ => "-h",
        };
        if (context.DryRun)
        {
            context.Report.WriteLine($"would run postsuper {option} {message.QueueId} ({AuditAction.For(action)})");
            return true;
        }

        if (!StillHolds(message))
        {
            context.Log.Warning($"{message.QueueId}: no longer holds message {message.Key}; not acted on");
            return false;
        }

        var result = context.Queue.Postsuper(option, message.QueueId);
        if (!result.Succeeded)
        {
            throw new PostfixException($"{message.QueueId}: postsuper {option} failed: {result.FirstErrorLine}");
        }

        if (action == PolicyAction.Return)
        {
            // A forced expiry takes effect at the next delivery attempt; make that now.
            var now = context.Queue.DeliverNow(message.QueueId);
            if (!now.Succeeded)
            {
                context.Log.Warning($"{message.QueueId}: postqueue -i failed ({now.FirstErrorLine}); it is returned at the next retry");
            }
        }

        return true;
    }

    /// <summary>
    /// postcat failing looks the same whether the message left or postcat itself is broken; a
    /// decision taken on "gone" is final, so only the queue listing may say so.
    /// </summary>
    private void RequireGone(string queueId, string failure)
    {
        if (QueueScan.Read(context.Queue, context.Log).Messages.ContainsKey(queueId))
        {
            throw Unreadable(queueId, failure);
        }
    }

    /// <summary>postcat gave nothing usable for a queue ID that the queue still lists.</summary>
    public static PostfixException Unreadable(string queueId, string failure)
    {
        var why = failure.Length > 0 ? failure : "its output cannot be trusted";
        return new PostfixException($"{queueId}: postcat cannot read it ({why}), but the queue still lists it; not acted on");
    }
}
