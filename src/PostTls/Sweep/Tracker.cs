using PostTls.Addresses;
using PostTls.Headers;
using PostTls.Queue;
using PostTls.Run;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.Sweep;

/// <summary>
/// Decides how a newly seen TLS-deferred message is tracked: open (the sender will be asked),
/// untagged (shown to the administrator), admin (our own TLS side failed) or ignored (never
/// notified: bounces, our own mail, automatic mail — loop safety). A tag counts only when it
/// verifies for the envelope sender and is younger than <see cref="TagLifetime"/>; a tag that
/// is already known is the same message (requeued) only under <see cref="WhyNotTheSame"/>.
/// </summary>
internal sealed class Tracker(RunContext context, DomainMatcher neverInsecure)
{
    private readonly DomainMatcher _notifyUntagged = new(context.Settings.NotifyUntaggedSenders);
    private TimeSpan? _tagLifetime;

    // One sweep asks for the same queue entry up to three times (tracking, refreshing, alerts);
    // the entries and the never-insecure list do not change within it.
    private readonly Dictionary<QueuedMessage, IReadOnlyList<TrackedRecipient>> _affected = new(ReferenceEqualityComparer.Instance);

    // One incident defers thousands of messages with one delay reason: classified once per sweep.
    private readonly Dictionary<string, TlsFailure> _reasons = new(StringComparer.Ordinal);

    /// <summary>
    /// Tracks new queue entries, oldest first: of two entries with one tag the earlier one is
    /// the candidate original, the later one a copy. Entries with one tag that arrived in the
    /// same second cannot be told apart: none of them is trusted.
    /// </summary>
    /// <param name="scan">This sweep's queue listing: a known tag's own entry still in it makes a newcomer a copy.</param>
    /// <summary>
    /// New entries in the order they are tracked: oldest first, so that the first of several
    /// entries with one tag is the one that may be its message. Tied: another entry with the same
    /// tag arrived in the same second, so none of them can be told to be the original.
    /// </summary>
    public static IReadOnlyList<(QueuedMessage Queued, MessageDetails Details, bool Tied)> InTrackingOrder(
        IEnumerable<(QueuedMessage Queued, MessageDetails Details)> entries)
    {
        var ordered = entries.OrderBy(e => e.Queued.ArrivalTime).ThenBy(e => e.Queued.QueueId, StringComparer.Ordinal).ToList();
        var tied = ordered.Where(e => MessageTag.IdOf(TagOf(e.Details)) is not null)
            .GroupBy(e => TagOf(e.Details)!, StringComparer.Ordinal)
            .Where(g => g.Count(e => e.Queued.ArrivalTime == g.First().Queued.ArrivalTime) > 1)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
        return ordered.Select(e => (e.Queued, e.Details, tied.Contains(TagOf(e.Details) ?? ""))).ToList();
    }

    public void Track(QueueScan scan, QueuedMessage queued, MessageDetails details, bool tied)
    {
        var tag = TagOf(details);
        var recipients = Affected(queued);
        var known = MessageTag.IdOf(tag) is { } id ? context.Store.FindByKey(id) : null;
        var reused = tied ? "another queue entry with the same tag arrived in the same second" : null;
        if (reused is null && known is not null)
        {
            reused = WhyNotTheSame(scan, known, tag!, queued, details);
            if (reused is null)
            {
                // The same message under a new queue ID: it was requeued.
                context.Store.MoveTo(known.Id, queued.QueueId, queued.ArrivalTime);
                context.Store.ReplaceRecipients(known.Id, recipients);
                context.Log.Info($"{queued.QueueId}: key={known.Key}, known message, formerly {known.QueueId}");
                return;
            }
        }

        var status = reused is not null ? TagStatus.Invalid
            : tag is null ? TagStatus.Malformed
            : MessageTag.Check(context.Key, tag, details.Sender, context.Clock.GetUtcNow(), TagLifetime());
        var verified = status == TagStatus.Valid;
        var key = verified ? MessageKeys.FromTag(tag!) : MessageKeys.ForUntagged(context.Key, queued.QueueId, queued.ArrivalTime, details.Sender);
        var (state, why) = reused is not null
            ? (MessageState.Untagged, "untagged: carries the tag of another message")
            : Classify(details, status, recipients);
        var message = new TrackedMessage(0, key, verified ? tag : null, queued.QueueId, queued.ArrivalTime, details.Sender,
            Notifier.DisplaySubject(details.Header("Subject")), details.Header("Date")?.Trim(), details.Header("Message-ID")?.Trim(),
            state, context.Now, null, 0, null, null, null,
            TlsRequiredNo: verified && state == MessageState.Open && IsTlsRequiredNo(details.Header(TlsRequiredField)));
        var rowId = context.Store.Insert(message, recipients);
        context.Store.Audit(context.Now, rowId, queued.QueueId, Actor.Sweep, AuditAction.Tracked, $"{MessageStore.StateName(state)}: {why}");
        context.Log.Info($"{queued.QueueId}: key={key}, from=<{details.Sender}>, nrcpt={recipients.Count}, tracked as {MessageStore.StateName(state)} ({why})");
        if (reused is not null)
        {
            // Recorded for the administrator's alert (SweepRunner), which goes out once per entry.
            var owner = known is null ? MessageTag.IdOf(tag) : $"{known.Key} (queue ID {known.QueueId}, from <{known.Sender}>)";
            RecordReuse(rowId, queued.QueueId, key, details.Sender, $"carries the tag of message {owner}: {reused}");
            if (known is { State: MessageState.Open } && queued.ArrivalTime < known.ArrivalTime && scan.TryGet(known, out _)
                && EnvelopeAddress.Same(details.Sender, known.Sender))
            {
                Distrust(known, queued.QueueId);
            }
        }
    }

    /// <summary>
    /// Two queue entries carry one tag and the one tracked first arrived later: it is the likely
    /// copy, tracked before the original only because the original was not yet deferred for TLS.
    /// It is not trusted either: it gets an untagged key (its action addresses name the tag's key,
    /// so they no longer find it) and is reported with the other.
    /// </summary>
    private void Distrust(TrackedMessage known, string olderQueueId)
    {
        var key = MessageKeys.ForUntagged(context.Key, known.QueueId, known.ArrivalTime, known.Sender);
        context.Store.Untrust(known.Id, key);
        context.Store.Audit(context.Now, known.Id, known.QueueId, Actor.Sweep, AuditAction.Tracked, "untagged: an older queue entry carries the same tag");
        RecordReuse(known.Id, known.QueueId, key, known.Sender, $"carries the tag of message {known.Key}, which queue entry {olderQueueId} also carries and which arrived earlier");
    }

    private void RecordReuse(long rowId, string queueId, string key, string sender, string detail)
    {
        context.Store.Audit(context.Now, rowId, queueId, Actor.Sweep, AuditAction.TagReused, detail);
        context.Log.Warning($"{queueId}: key={key}, from=<{sender}>: {AuditAction.TagReused}, not trusted: {detail}");
    }

    /// <summary>
    /// Null when a queue entry that carries <paramref name="known"/>'s tag is that message
    /// requeued (postsuper -r): the same tag, envelope sender and Message-ID, the known message
    /// still open, its own entry gone, and the newcomer not older than it. Otherwise the reason
    /// it is not: a copy of the tag, which must never take over the known message.
    /// </summary>
    private static string? WhyNotTheSame(QueueScan scan, TrackedMessage known, string tag, QueuedMessage queued, MessageDetails details)
    {
        if (!string.Equals(known.Tag, tag, StringComparison.Ordinal))
        {
            return "its tag has that message's key but is not that message's tag";
        }

        if (!EnvelopeAddress.Same(details.Sender, known.Sender))
        {
            return $"its envelope sender is <{details.Sender}>";
        }

        if (!string.Equals(details.Header("Message-ID")?.Trim(), known.MessageIdHeader, StringComparison.Ordinal))
        {
            return "its Message-ID differs";
        }

        if (known.State == MessageState.Closed)
        {
            return $"that message is closed ({known.Outcome ?? "done"})";
        }

        if (scan.TryGet(known, out _))
        {
            return "that message is still queued";
        }

        return queued.ArrivalTime < known.ArrivalTime ? "it arrived before that message" : null;
    }

    /// <summary>RFC 8689's header field; the first one counts, as for every field read here.</summary>
    private const string TlsRequiredField = "TLS-Required";

    /// <summary>RFC 8689 section 5: the field's one value is "No", compared without regard to case; blanks around it do not matter.</summary>
    private static bool IsTlsRequiredNo(string? value) => string.Equals(value?.Trim(), "no", StringComparison.OrdinalIgnoreCase);

    private TimeSpan TagLifetime() => _tagLifetime ??= Sweep.TagLifetime.Read(context.Queue, context.Log);

    private static string? TagOf(MessageDetails details) => details.Header(MessageTag.HeaderName)?.Trim();

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

    // A loop, not LINQ: asked for every queue entry at every sweep, and most have no TLS failure or one.
    private IReadOnlyList<TrackedRecipient> TlsFailed(QueuedMessage queued)
    {
        List<TrackedRecipient>? failed = null;
        foreach (var recipient in queued.Recipients)
        {
            var failure = Classified(recipient.DelayReason);
            if (failure.IsTls)
            {
                (failed ??= new List<TrackedRecipient>(queued.Recipients.Count)).Add(new TrackedRecipient(recipient.Address, failure.Class,
                    failure.Host, failure.ServerReply, recipient.DelayReason, neverInsecure.MatchesAddress(recipient.Address)));
            }
        }

        return failed ?? (IReadOnlyList<TrackedRecipient>)[];
    }

    private TlsFailure Classified(string delayReason)
    {
        if (!_reasons.TryGetValue(delayReason, out var failure))
        {
            failure = DeferReasonClassifier.Classify(delayReason);
            _reasons[delayReason] = failure;
        }

        return failure;
    }

    private (MessageState State, string Why) Classify(MessageDetails details, TagStatus tag, IReadOnlyList<TrackedRecipient> recipients)
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

        if (details.Header(AutoSubmitted.FieldName) is { } auto && !AutoSubmitted.IsNo(auto.Trim()))
        {
            return (MessageState.Ignored, "Auto-Submitted: " + auto.Trim());
        }

        if (recipients.All(r => r.Failure == FailureClass.LocalTlsProblem))
        {
            return (MessageState.Admin, "TLS failed on our side");
        }

        if (tag == TagStatus.Valid)
        {
            return (MessageState.Open, "tagged");
        }

        var untagged = Untagged(tag);
        return _notifyUntagged.MatchesAddress(details.Sender)
            ? (MessageState.Open, (tag == TagStatus.Malformed ? "untagged" : untagged) + ", sender domain in notify_untagged_senders")
            : (MessageState.Untagged, untagged);
    }

    private string Untagged(TagStatus tag) => tag switch
    {
        TagStatus.Invalid => "untagged: its tag was not made for this sender, or is forged",
        TagStatus.TooOld => $"untagged: its tag is older than {Sweep.TagLifetime.Describe(TagLifetime())} ({Sweep.TagLifetime.Parameter} + 1d)",
        TagStatus.FromTheFuture => "untagged: its tag is dated in the future",
        TagStatus.Legacy => "untagged: its tag has the old format, which is not bound to the sender",
        _ => "untagged: not submitted through the filter",
    };
}
