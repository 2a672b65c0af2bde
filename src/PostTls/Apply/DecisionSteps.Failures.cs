using PostTls.Notify;
using PostTls.Postfix;
using PostTls.Run;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.Apply;

/// <summary>
/// When a decision cannot be carried out: a transient failure waits for the next run (a
/// release for at most release_retry_time); anything else ends the decision. Ending it hands
/// back what apply took: the message comes off hold if apply held it, its state is restored,
/// and the sender and admin_address are told in plain words. Nothing a message brings stops
/// the run for the others.
/// </summary>
internal sealed partial class DecisionSteps
{
    private ProblemAlerts Alerts => _alerts ??= new ProblemAlerts(context);

    private ProblemAlerts? _alerts;

    /// <returns>False: the decision was not carried out in this run.</returns>
    private bool Stopped(DecisionRecord decision, TrackedMessage message, Exception e)
    {
        var step = decisions.CurrentStep(decision.Id);
        if (Faults.IsTransient(e) && !RetryTimeOver(decision))
        {
            context.Log.Error($"{message.QueueId}: key={message.Key}: {ActionWords.For(decision.Action)} stopped at step {step}: {e.Message}; the next run goes on");
            return false;
        }

        try
        {
            End(decision, message, step, e);
        }
        catch (Exception again) when (!Faults.StopsTheRun(again))
        {
            // Nothing was recorded as ended: the next run meets the same failure and ends it then.
            context.Log.Error($"{message.QueueId}: key={message.Key}: {ActionWords.For(decision.Action)} cannot be carried out ({Faults.ForAdmin(e)}), "
                + $"and ending it failed: {Faults.ForAdmin(again)}; the next run tries again");
        }

        return false;
    }

    /// <summary>
    /// A release keeps the message on hold, so it may wait only so long; a delete holds
    /// nothing and waits for Postfix as long as it takes.
    /// </summary>
    private bool RetryTimeOver(DecisionRecord decision)
    {
        if (decision.Action != SenderAction.Release)
        {
            return false;
        }

        var since = decisions.RetrySince(decision.Id, context.Now);
        return context.Now - since >= (long)context.Settings.ReleaseRetryTime.TotalSeconds;
    }

    /// <summary>
    /// Ends a decision that cannot be carried out. The hold comes off first, so that a failure
    /// there leaves the decision open for the next run rather than the message held for good.
    /// </summary>
    /// <exception cref="PostfixException">postsuper -H failed, or whether the message is still there cannot be told.</exception>
    private void End(DecisionRecord decision, TrackedMessage message, DecisionStep step, Exception e)
    {
        var forSender = Faults.ForSender(e);
        var forAdmin = Faults.ForAdmin(e);
        var groups = decision.Action == SenderAction.Release ? decisions.Groups(decision.Id) : [];
        var released = ReleasePlan.Released(groups.Where(g => g.NewQueueId is not null));
        var partly = groups.Any(g => g.NewQueueId is not null);
        var heldByUs = decision.Action == SenderAction.Release && step is DecisionStep.Held or DecisionStep.Planned or DecisionStep.Submitted
            && decisions.WasOnHold(decision.Id) != true;
        var there = effects.StillHolds(message);
        if (heldByUs && there)
        {
            effects.Unhold(message);
        }

        string now;
        decisions.SetStep(decision.Id, DecisionStep.Failed, context.Now, forSender);
        if (!there)
        {
            context.Store.Close(message.Id, "decision failed: " + forSender, context.Now);
            now = "no longer in the queue";
        }
        else if (partly)
        {
            // What went out cannot be called back, nor can the original lose those recipients:
            // it stays with Postfix, and PostTLS offers nothing more for it.
            context.Store.Close(message.Id, "partly sent without encryption, then stopped: " + forSender, context.Now);
            now = "sent without encryption to some recipients; the original stays with Postfix for all of them";
        }
        else
        {
            context.Store.SetState(message.Id, decisions.PriorState(decision.Id) ?? MessageState.Open);
            now = heldByUs ? "taken off hold; Postfix keeps it in the deferred queue" : "left in the queue as it was";
        }

        context.Store.Audit(context.Now, message.Id, message.QueueId, decision.DecidedBy, AuditAction.DecisionFailed, forAdmin);
        context.Log.Error($"{message.QueueId}: key={message.Key}: {ActionWords.For(decision.Action)} cannot be carried out: {forAdmin}; ended ({now}), "
            + $"sender and {context.AdminAddress} told");
        confirmations.Send(message, ConfirmationOutcome.NotCarriedOut, detail: forSender, released: released);
        Alerts.Send(new AdminProblem(message.QueueId, message.Sender, $"{ActionWords.For(decision.Action)} ({decision.DecidedBy})", forAdmin, now));
    }

    /// <summary>
    /// Records, once and before apply holds the message, whether it was on hold already (an
    /// administrator's postsuper -h, never_insecure_action = hold): such a hold is not ours to
    /// take off when the decision fails.
    /// </summary>
    private void NoteHold(DecisionRecord decision, QueueLook look, TrackedMessage message)
    {
        if (decisions.WasOnHold(decision.Id) is null && effects.OnHold(look, message) is { } held)
        {
            decisions.SetWasOnHold(decision.Id, held);
        }
    }
}
