using PostTls.Notify;
using PostTls.Queue;
using PostTls.Run;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.Sweep;

/// <summary>
/// One message that cannot be handled never stops the sweep for the others. A transient
/// failure waits for the next sweep; anything else is recorded in the audit log, the message
/// is left to the administrator (state admin: never notified or acted on by the sweep again,
/// shown by posttls list) and admin_address is alerted once.
/// </summary>
internal sealed partial class SweepRunner
{
    private ProblemAlerts? _alerts;

    private ProblemAlerts Alerts => _alerts ??= new ProblemAlerts(context);

    /// <summary>Runs one message's step; what it throws stays with that message.</summary>
    private void ForOne(TrackedMessage message, string what, Action step)
    {
        try
        {
            step();
        }
        catch (Exception e) when (!Faults.StopsTheRun(e))
        {
            if (Faults.IsTransient(e))
            {
                context.Log.Error($"{message.QueueId}: key={message.Key}: {what} failed: {Faults.ForAdmin(e)}; the next sweep tries again");
                return;
            }

            Failed(message, what, e);
        }
    }

    /// <summary>
    /// Tracks one new message, its rows written together or not at all; a message that cannot
    /// be tracked is recorded for the administrator instead.
    /// </summary>
    /// <returns>True when it was tracked as usual.</returns>
    private bool TrackOne(Tracker tracker, QueueScan scan, QueuedMessage queued, MessageDetails details, bool tied)
    {
        try
        {
            InSavepoint(() => tracker.Track(scan, queued, details, tied));
            return true;
        }
        catch (Exception e) when (!Faults.StopsTheRun(e))
        {
            if (Faults.IsTransient(e))
            {
                context.Log.Error($"{queued.QueueId}: cannot be tracked now: {Faults.ForAdmin(e)}; the next sweep tries again");
                return false;
            }

            context.Log.Error($"{queued.QueueId}: cannot be tracked: {Faults.ForAdmin(e)}; left to the administrator, the sweep goes on");
            try
            {
                InSavepoint(() => RecordUntrackable(queued, details, e));
            }
            catch (Exception again) when (!Faults.StopsTheRun(again))
            {
                context.Log.Error($"{queued.QueueId}: cannot be recorded either: {Faults.ForAdmin(again)}");
            }

            return false;
        }
    }

    /// <summary>
    /// A row in state admin, without recipients (a later sweep fills them in): the queue entry
    /// counts as known, so the sweep does not stumble over it again.
    /// </summary>
    private void RecordUntrackable(QueuedMessage queued, MessageDetails details, Exception e)
    {
        var key = MessageKeys.ForUntagged(context.Key, queued.QueueId, queued.ArrivalTime, details.Sender);
        if (context.Store.FindByKey(key) is not null)
        {
            return;
        }

        var row = new TrackedMessage(0, key, null, queued.QueueId, queued.ArrivalTime, details.Sender, "", null, null,
            MessageState.Admin, context.Now, null, 0, null, null, null);
        var id = context.Store.Insert(row, []);
        context.Store.Audit(context.Now, id, queued.QueueId, Actor.Sweep, AuditAction.Tracked, "admin: cannot be tracked: " + Faults.ForAdmin(e));
        AlertOnce(context.Store.FindById(id)!, "tracking it", e);
    }

    private void Failed(TrackedMessage message, string what, Exception e)
    {
        // Whatever happened before the failure stands; a message already closed stays closed.
        var current = context.Store.FindById(message.Id) ?? message;
        var leftToAdmin = current.State == MessageState.Open;
        if (leftToAdmin)
        {
            context.Store.SetState(message.Id, MessageState.Admin);
        }

        context.Store.Audit(context.Now, message.Id, message.QueueId, Actor.Sweep, AuditAction.Failed, $"{what}: {Faults.ForAdmin(e)}");
        context.Log.Error($"{message.QueueId}: key={message.Key}: {what} failed: {Faults.ForAdmin(e)}; "
            + (leftToAdmin ? "left to the administrator, " : "") + "the sweep goes on");
        AlertOnce(current, what, e);
    }

    /// <summary>One alert per message, however many sweeps meet the problem; taken back when it could not be sent.</summary>
    private void AlertOnce(TrackedMessage message, string what, Exception e)
    {
        if (!context.Store.TryRecordNotification(message.Id, NotificationKind.FailureAlert, context.Now, context.AdminAddress))
        {
            return;
        }

        var problem = new AdminProblem(message.QueueId, message.Sender, what, Faults.ForAdmin(e),
            message.State == MessageState.Admin ? "left in the queue for you; PostTLS does nothing more with it" : MessageStore.StateName(message.State));
        if (!Alerts.Send(problem))
        {
            context.Store.ForgetNotification(message.Id, NotificationKind.FailureAlert);
        }
    }

    /// <summary>Runs database work so that a failure takes back only its own rows.</summary>
    private void InSavepoint(Action work)
    {
        context.Database.Execute("SAVEPOINT one_message");
        try
        {
            work();
        }
        catch
        {
            context.Database.Execute("ROLLBACK TO one_message");
            context.Database.Execute("RELEASE one_message");
            throw;
        }

        context.Database.Execute("RELEASE one_message");
    }

    private bool ReleaseFailedBefore(TrackedMessage message) => new DecisionStore(context.Database).ReleaseFailed(message.Id);
}
