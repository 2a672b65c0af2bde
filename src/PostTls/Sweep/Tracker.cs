using PostTls.Queue;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.Sweep;

/// <summary>
/// Decides how a newly seen TLS-deferred message is tracked: open (the sender will be asked),
/// untagged (shown to the administrator), admin (our own TLS side failed) or ignored (never
/// notified: bounces, our own mail, automatic mail — loop safety).
/// </summary>
internal sealed class Tracker(SweepContext context, DomainMatcher neverInsecure)
{
    private readonly DomainMatcher _notifyUntagged = new(context.Settings.NotifyUntaggedSenders);

    // One sweep asks for the same queue entry up to three times (tracking, refreshing, alerts);
    // the entries and the never-insecure list do not change within it.
    private readonly Dictionary<QueuedMessage, IReadOnlyList<TrackedRecipient>> _affected = new(ReferenceEqualityComparer.Instance);

    public void Track(QueuedMessage queued, MessageDetails details)
    {
        var tag = details.Header(MessageTag.HeaderName)?.Trim();
        var verified = tag is not null && MessageTag.Verify(context.Key, tag);
        var key = verified ? MessageKeys.FromTag(tag!) : MessageKeys.ForUntagged(context.Key, queued.QueueId, queued.ArrivalTime, details.Sender);
        var recipients = Affected(queued);

        if (context.Store.FindByKey(key) is { } known)
        {
            // The same message under a new queue ID: it was requeued.
            context.Store.MoveTo(known.Id, queued.QueueId, queued.ArrivalTime);
            context.Store.ReplaceRecipients(known.Id, recipients);
            context.Log.Info($"{queued.QueueId}: key={key}, known message, formerly {known.QueueId}");
            return;
        }

        var (state, why) = Classify(details, verified, recipients);
        var message = new TrackedMessage(0, key, verified ? tag : null, queued.QueueId, queued.ArrivalTime, details.Sender,
            Notifier.DisplaySubject(details.Header("Subject")), details.Header("Date")?.Trim(), details.Header("Message-ID")?.Trim(),
            state, context.Now, null, 0, null, null, null);
        var id = context.Store.Insert(message, recipients);
        context.Store.Audit(context.Now, id, queued.QueueId, SweepContext.Actor, "tracked", $"{MessageStore.StateName(state)}: {why}");
        context.Log.Info($"{queued.QueueId}: key={key}, from=<{details.Sender}>, nrcpt={recipients.Count}, tracked as {MessageStore.StateName(state)} ({why})");
    }

    /// <summary>The recipients whose last delivery attempt failed for TLS, with their class.</summary>
    public IReadOnlyList<TrackedRecipient> Affected(QueuedMessage queued)
    {
        if (!_affected.TryGetValue(queued, out var affected))
        {
            affected = TlsFailed(queued);
            _affected[queued] = affected;
        }

        return affected;
    }

    private IReadOnlyList<TrackedRecipient> TlsFailed(QueuedMessage queued) =>
        queued.Recipients
            .Select(r => (Recipient: r, Failure: DeferReasonClassifier.Classify(r.DelayReason)))
            .Where(x => x.Failure.IsTls)
            .Select(x => new TrackedRecipient(x.Recipient.Address, x.Failure.Class, x.Failure.Host, x.Failure.ServerReply,
                x.Recipient.DelayReason, neverInsecure.MatchesAddress(x.Recipient.Address)))
            .ToList();

    private (MessageState State, string Why) Classify(MessageDetails details, bool verified, IReadOnlyList<TrackedRecipient> recipients)
    {
        if (details.Sender.Length == 0)
        {
            return (MessageState.Ignored, "null sender");
        }

        if (details.Header(Notify.NotificationComposer.NoticeHeader) is not null)
        {
            return (MessageState.Ignored, "a PostTLS notification");
        }

        if (ActionTokens.IsActionAddress(details.Sender))
        {
            return (MessageState.Ignored, "sent from an action address");
        }

        if (details.Header("Auto-Submitted") is { } auto && !Filter.HeaderPolicy.IsNo(auto.Trim()))
        {
            return (MessageState.Ignored, "Auto-Submitted: " + auto.Trim());
        }

        if (recipients.All(r => r.Failure == FailureClass.LocalTlsProblem))
        {
            return (MessageState.Admin, "TLS failed on our side");
        }

        if (verified)
        {
            return (MessageState.Open, "tagged");
        }

        return _notifyUntagged.MatchesAddress(details.Sender)
            ? (MessageState.Open, "untagged, sender domain in notify_untagged_senders")
            : (MessageState.Untagged, "untagged: not submitted through the filter");
    }
}
