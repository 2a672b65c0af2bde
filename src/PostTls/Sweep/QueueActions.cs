using PostTls.Configuration;
using PostTls.Queue;
using PostTls.State;

namespace PostTls.Sweep;

/// <summary>
/// Acts on a queued message through postsuper, after proving that its queue ID still holds
/// the same message: queue IDs are reused, so the ID alone is never trusted.
/// </summary>
internal sealed class QueueActions(SweepContext context)
{
    /// <summary>True when the queue ID still holds <paramref name="message"/> (same tag; for untagged mail same sender and Message-ID).</summary>
    public bool StillHolds(TrackedMessage message)
    {
        var details = new MessageDetailsReader(context.Queue, context.Log).ReadOne(message.QueueId);
        if (details is null)
        {
            return false;
        }

        return message.Tag is not null
            ? details.Header(Tagging.MessageTag.HeaderName)?.Trim() == message.Tag
            : details.Sender == message.Sender && details.Header("Message-ID")?.Trim() == message.MessageIdHeader;
    }

    /// <returns>False when the message is no longer there or postsuper failed (logged); nothing was done then.</returns>
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
            context.Report.WriteLine($"would run postsuper {option} {message.QueueId} ({Describe(action)})");
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
            context.Log.Error($"{message.QueueId}: postsuper {option} failed: {result.FirstErrorLine}");
            return false;
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

    public static string Describe(PolicyAction action) => action switch
    {
        PolicyAction.Return => "returned to the sender",
        PolicyAction.Delete => "deleted",
        PolicyAction.Hold => "put on hold",
        _ => "left to Postfix",
    };
}
