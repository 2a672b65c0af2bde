using PostTls.Configuration;
using PostTls.Notify;
using PostTls.Queue;
using PostTls.Run;
using PostTls.State;

namespace PostTls.Sweep;

/// <summary>
/// One sweep: read the queue, track new TLS-deferred messages, close those that left, alert
/// the administrator about our own TLS failures, and take each open message one policy step
/// further. Every step is written to the database before the next one starts. What one
/// message throws stays with that message (SweepRunner.Isolation.cs). Decisions are carried
/// out on the path <paramref name="decisions"/> builds (Apply/DecisionApplier.cs), a fresh one
/// for each use, as apply and the admin commands build theirs.
/// </summary>
internal sealed partial class SweepRunner(RunContext context, Func<RunContext, IDecisionPath> decisions)
{
    private readonly QueueActions _actions = new(context);
    private readonly Notifier _notifier = new(context);

    public RunSummary Run()
    {
        var (known, scan) = KnownMessages.ReadAlongside(context, () => QueueScan.Read(context.Queue, context.Log));
        var neverInsecure = new DomainStore(context.Database).Matcher();
        var tracker = new Tracker(context, neverInsecure);
        var summary = new RunSummary { QueueSize = scan.Messages.Count, SkippedLines = scan.Skipped };

        var before = known.Changes;
        var unclosed = TrackNew(scan, tracker, summary, known.Unclosed);
        var recipients = context.Database.Changes() == before ? known.Recipients : context.Store.RecipientsOfUnclosed();
        RefreshKnown(scan, tracker, unclosed, recipients);
        summary.Decisions = decisions(context).Run();

        // Refreshed recipients and decisions may have closed, held or reopened any message, or
        // changed its recipients: read them once more, unless nothing at all was written (a
        // steady sweep). What the steps below change is not read by the later ones
        // (missing-since, admin-alert records), or is a message closed for being no longer
        // listed, which they skip anyway; each policy step changes only its own message's
        // recipients, so one reading serves them all.
        if (context.Database.Changes() != before)
        {
            unclosed = context.Store.Unclosed();
            recipients = context.Store.RecipientsOfUnclosed();
        }

        CloseDeparted(scan, summary, unclosed);
        new AdminAlerts(context).Send(scan, tracker, summary, unclosed);
        var choices = new StandingChoices(new ChoiceRules(context).Holding(neverInsecure), context.Settings.HonourTlsRequiredNo);
        foreach (var message in unclosed.Where(m => m.State == MessageState.Open))
        {
            if (scan.TryGet(message, out var queued) && queued.QueueName != "hold")
            {
                ForOne(message, "the policy step", () => Advance(message, queued, recipients.GetValueOrDefault(message.Id) ?? [], neverInsecure, choices, summary));
            }
        }

        _notifier.Flush();
        return summary;
    }

    /// <summary>Not on hold, and a recipient failed for TLS: classified once per sweep (<see cref="Tracker.Affected"/> keeps it).</summary>
    private static bool IsCandidate(Tracker tracker, QueuedMessage message) =>
        message.QueueName != "hold" && tracker.Affected(message).Count > 0;

    /// <returns>The unclosed messages, the newly tracked ones included.</returns>
    /// <param name="unclosed">The unclosed messages as the sweep began.</param>
    private IReadOnlyList<TrackedMessage> TrackNew(QueueScan scan, Tracker tracker, RunSummary summary, IReadOnlyList<TrackedMessage> unclosed)
    {
        // Nearly every candidate is tracked and open already: one reading of the unclosed
        // messages answers for those; only the rest are looked up one by one (a closed message
        // under the same queue ID and arrival time counts as known, too).
        var open = unclosed.Select(m => (m.QueueId, m.ArrivalTime)).ToHashSet();
        var unknown = scan.Messages.Values
            .Where(m => IsCandidate(tracker, m))
            .Where(m => !open.Contains((m.QueueId, m.ArrivalTime)) && context.Store.FindByQueue(m.QueueId, m.ArrivalTime) is null)
            .ToList();
        if (unknown.Count == 0)
        {
            return unclosed;
        }

        var details = new MessageDetailsReader(context.Queue, context.Log).Read(unknown.Select(m => m.QueueId).ToList());

        // Tracking only writes the database (postcat above only read the queue): one
        // transaction instead of one per row. A sweep that dies here leaves nothing behind,
        // and the next one tracks the same messages again.
        Atomic.Write(context.Database, () =>
        {
            foreach (var (queued, d, tied) in Tracker.InTrackingOrder(unknown
                .Where(queued => details.ContainsKey(queued.QueueId))
                .Select(queued => (queued, details[queued.QueueId]))))
            {
                if (TrackOne(tracker, scan, queued, d, tied))
                {
                    summary.Tracked++;
                }
            }
        });

        return context.Store.Unclosed();
    }

    /// <summary>Known messages keep the list of recipients that are still stuck for TLS up to date.</summary>
    private void RefreshKnown(QueueScan scan, Tracker tracker, IReadOnlyList<TrackedMessage> unclosed,
        IReadOnlyDictionary<long, IReadOnlyList<TrackedRecipient>> recipients)
    {
        foreach (var message in unclosed)
        {
            if (scan.TryGet(message, out var queued) && IsCandidate(tracker, queued))
            {
                var now = tracker.Affected(queued);
                var before = recipients.GetValueOrDefault(message.Id) ?? [];
                if (now.Count > 0 && !SameRecipients(now, before))
                {
                    ForOne(message, "refreshing its recipients",
                        () => context.Store.ReplaceRecipients(message.Id, now.OrderBy(r => r.Address, StringComparer.Ordinal).ToList()));
                }
            }
        }
    }

    /// <summary>The same addresses with the same failures, in the same order (asked for every known message at every sweep).</summary>
    private static bool SameRecipients(IReadOnlyList<TrackedRecipient> now, IReadOnlyList<TrackedRecipient> before)
    {
        if (now.Count != before.Count)
        {
            return false;
        }

        for (var i = 0; i < now.Count; i++)
        {
            if (now[i].Failure != before[i].Failure || !string.Equals(now[i].Address, before[i].Address, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A message missing from two readings in a row has left the queue (one reading can miss a
    /// message that moves between queues while it is listed).
    /// </summary>
    private void CloseDeparted(QueueScan scan, RunSummary summary, IReadOnlyList<TrackedMessage> unclosed)
    {
        if (scan.Skipped > 0)
        {
            // A line we could not read may be one of ours: absence proves nothing this time.
            context.Log.Warning($"{scan.Skipped} postqueue -j line(s) unreadable; no message is taken for gone in this sweep");
            return;
        }

        foreach (var message in unclosed)
        {
            if (scan.TryGet(message, out _))
            {
                if (message.MissingSince is not null)
                {
                    context.Store.SetMissing(message.Id, null);
                }
            }
            else if (message.MissingSince is null)
            {
                context.Store.SetMissing(message.Id, context.Now);
            }
            else
            {
                context.Store.Close(message.Id, "left the queue", context.Now);
                context.Store.Audit(context.Now, message.Id, message.QueueId, Actor.Sweep, AuditAction.Closed,
                    "left the queue: delivered after all, expired, or removed by hand");
                context.Log.Info($"{message.QueueId}: key={message.Key}, left the queue; closed");
                summary.Closed++;
            }
        }
    }

    private void Advance(TrackedMessage message, QueuedMessage queued, IReadOnlyList<TrackedRecipient> recipients,
        DomainMatcher neverInsecure, StandingChoices choices, RunSummary summary)
    {
        // Still pending, failed on the remote side, and judged by today's never-insecure list.
        var pending = new PendingRecipients(queued);
        var affected = new List<TrackedRecipient>(recipients.Count);
        foreach (var r in recipients)
        {
            if (r.Failure != FailureClass.LocalTlsProblem && pending.Contains(r.Address))
            {
                var never = neverInsecure.MatchesAddress(r.Address);
                affected.Add(never == r.NeverInsecure ? r : r with { NeverInsecure = never });
            }
        }

        var step = Policy.Next(message, affected, context.Settings.ReminderSchedule, context.Now, choices);
        if (step.Kind is PolicyStepKind.ReleaseByHeader or PolicyStepKind.ReleaseByChoice && ReleaseFailedBefore(message))
        {
            // Asked only now, when a choice would act: a database query per message and sweep otherwise.
            step = Policy.Next(message, affected, context.Settings.ReminderSchedule, context.Now, choices, mayReleaseUnasked: false);
        }

        switch (step.Kind)
        {
            case PolicyStepKind.ReleaseByHeader or PolicyStepKind.ReleaseByChoice:
                if (new ChoiceRules(context).Release(message, step, decisions(context)))
                {
                    summary.Actions++;
                }

                break;
            case PolicyStepKind.NeverInsecure:
                Conclude(message, affected, context.Settings.NeverInsecureAction, NoticeKind.NeverInsecureApplied, NotificationKind.NeverInsecure, summary);
                break;
            case PolicyStepKind.Notify:
                // Sent (and recorded) first, then the clock starts: a sweep that dies in between
                // finds the record next time and only starts the clock, without a second notice.
                var deadline = context.Now + (long)context.Settings.DecisionTimeout.TotalSeconds;
                var now = context.Now;
                void StartTheClock() => context.Store.SetFirstNotice(message.Id, now, deadline);
                if (context.Store.HasNotification(message.Id, NotificationKind.Notice))
                {
                    StartTheClock();
                }
                else if (_notifier.Send(message, NotificationKind.Notice, _notifier.Build(NoticeKind.Notice, message, affected, deadline), StartTheClock))
                {
                    summary.Notices++;
                }

                break; // a notice not sent is tried again at the next sweep
            case PolicyStepKind.Remind:
                var kind = NotificationKind.Reminder(step.Reminder);
                void CountIt() => context.Store.SetRemindersSent(message.Id, step.Reminder);
                if (_notifier.Send(message, kind, _notifier.Build(NoticeKind.Reminder, message, affected, message.Deadline!.Value, reminder: step.Reminder), CountIt))
                {
                    summary.Notices++;
                }
                else if (context.Store.HasNotification(message.Id, kind))
                {
                    CountIt(); // sent before (a sweep that died before counting it): never again for this step
                }

                break;
            case PolicyStepKind.Deadline when context.Settings.DefaultAction == PolicyAction.Release && !ReleaseFailedBefore(message):
                // The same path as a sender's "send without encryption", with its confirmation.
                if (decisions(context).Decide(message, Tagging.SenderAction.Release, Actor.Policy(Configuration.SettingNames.DefaultAction)))
                {
                    summary.Actions++;
                }

                break;
            case PolicyStepKind.Deadline: // after a release that failed, "release" is not tried at every sweep: left to Postfix
                Conclude(message, affected, context.Settings.DefaultAction == PolicyAction.Release ? PolicyAction.Leave : context.Settings.DefaultAction,
                    NoticeKind.DeadlineApplied, NotificationKind.Deadline, summary);
                break;
        }
    }

    /// <summary>Applies <paramref name="action"/>, then tells the sender what was done.</summary>
    private void Conclude(TrackedMessage message, IReadOnlyList<TrackedRecipient> affected, PolicyAction action,
        NoticeKind kind, NotificationKind noticeKind, RunSummary summary)
    {
        try
        {
            if (!_actions.Apply(action, message))
            {
                return; // gone (logged); the next sweep closes it
            }
        }
        catch (Postfix.PostfixException e)
        {
            // One message Postfix cannot act on must not stop the sweep for the others.
            context.Log.Error($"{e.Message}; the next sweep tries again");
            return;
        }

        var what = AuditAction.For(action);
        var why = kind == NoticeKind.DeadlineApplied ? "no decision in time" : "only never-insecure recipients";
        context.Store.Audit(context.Now, message.Id, message.QueueId, Actor.Sweep, what, why);
        context.Log.Info($"{message.QueueId}: key={message.Key}, {what} ({why})");
        if (action == PolicyAction.Hold)
        {
            context.Store.SetState(message.Id, MessageState.Held);
        }
        else
        {
            context.Store.Close(message.Id, $"{what} ({why})", context.Now);
        }

        summary.Actions++;
        if (_notifier.Send(message, noticeKind, _notifier.Build(kind, message, affected, message.Deadline ?? context.Now, applied: action)))
        {
            summary.Notices++;
        }
    }
}
