using PostTls.Notify;
using PostTls.Postfix;
using PostTls.State;
using PostTls.Sweep;
using PostTls.Tagging;

namespace PostTls.Release;

/// <summary>
/// When a decision cannot be carried out: a transient failure waits for the next run (a
/// release for at most release_retry_time); anything else ends the decision. Ending it hands
/// back what apply took: the message comes off hold if apply held it, its state is restored,
/// and the sender and admin_address are told in plain words. Nothing a message brings stops
/// the run for the others.
/// </summary>
internal sealed partial class DecisionApplier
{
    private ProblemAlerts Alerts => _alerts ??= new ProblemAlerts(context);

    private ProblemAlerts? _alerts;

    /// <summary>A spool file that cannot be taken is left (transient) or moved aside; the others are taken.</summary>
    private DecisionRecord? TakeIsolated(string file)
    {
        try
        {
            return Take(file);
        }
        catch (Exception e) when (!Faults.StopsTheRun(e))
        {
            var name = Path.GetFileName(file);
            if (Faults.IsTransient(e))
            {
                context.Log.Error($"{name}: cannot be taken now: {Faults.ForAdmin(e)}; the next run tries again");
                return null;
            }

            // posttls owns the spool: set aside relative to its checked descriptor, never by path.
            var aside = context.DryRun || _decisions.HasFile(name) ? "left in place" : _spool.SetAside(name);
            context.Log.Error($"{name}: cannot be taken: {Faults.ForAdmin(e)}; {aside}");

            return null;
        }
    }

    /// <returns>False: the decision was not carried out in this run.</returns>
    private bool Stopped(DecisionRecord decision, TrackedMessage message, Exception e)
    {
        var step = _decisions.CurrentStep(decision.Id);
        if (Faults.IsTransient(e) && !RetryTimeOver(decision))
        {
            context.Log.Error($"{message.QueueId}: key={message.Key}: {Word(decision.Action)} stopped at step {step}: {e.Message}; the next run goes on");
            return false;
        }

        try
        {
            End(decision, message, step, e);
        }
        catch (Exception again) when (!Faults.StopsTheRun(again))
        {
            // Nothing was recorded as ended: the next run meets the same failure and ends it then.
            context.Log.Error($"{message.QueueId}: key={message.Key}: {Word(decision.Action)} cannot be carried out ({Faults.ForAdmin(e)}), "
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

        var since = _decisions.RetrySince(decision.Id, context.Now);
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
        var groups = decision.Action == SenderAction.Release ? _decisions.Groups(decision.Id) : [];
        var released = groups.Where(g => g.NewQueueId is not null && g.NextHop is not null).SelectMany(g => g.Recipients).ToList();
        var partly = groups.Any(g => g.NewQueueId is not null);
        var heldByUs = decision.Action == SenderAction.Release && step is DecisionStep.Held or DecisionStep.Planned or DecisionStep.Submitted
            && _decisions.WasOnHold(decision.Id) != true;
        var there = context.DryRun || _actions.StillHolds(message);
        if (heldByUs && there)
        {
            Unhold(message);
        }

        string now;
        _decisions.SetStep(decision.Id, DecisionStep.Failed, context.Now, forSender);
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
            context.Store.SetState(message.Id, _decisions.PriorState(decision.Id) ?? MessageState.Open);
            now = heldByUs ? "taken off hold; Postfix keeps it in the deferred queue" : "left in the queue as it was";
        }

        context.Store.Audit(context.Now, message.Id, message.QueueId, decision.DecidedBy, "decision failed", forAdmin);
        context.Log.Error($"{message.QueueId}: key={message.Key}: {Word(decision.Action)} cannot be carried out: {forAdmin}; ended ({now}), "
            + $"sender and {context.AdminAddress} told");
        Confirm(message, ConfirmationOutcome.NotCarriedOut, detail: forSender, released: released);
        Alerts.Send(new AdminProblem(message.QueueId, message.Sender, $"{Word(decision.Action)} ({decision.DecidedBy})", forAdmin, now));
    }

    /// <exception cref="PostfixException">postsuper -H failed.</exception>
    private void Unhold(TrackedMessage message)
    {
        if (context.DryRun)
        {
            context.Report.WriteLine($"would run postsuper -H {message.QueueId}");
            return;
        }

        var unhold = context.Queue.Postsuper("-H", message.QueueId);
        if (!unhold.Succeeded)
        {
            throw new PostfixException($"postsuper -H {message.QueueId} failed: {unhold.FirstErrorLine}");
        }
    }

    /// <summary>
    /// Records, once and before apply holds the message, whether it was on hold already (an
    /// administrator's postsuper -h, never_insecure_action = hold): such a hold is not ours to
    /// take off when the decision fails.
    /// </summary>
    private void NoteHold(DecisionRecord decision, TrackedMessage message)
    {
        if (context.DryRun || _decisions.WasOnHold(decision.Id) is not null)
        {
            return;
        }

        if (new Sweep.MessageDetailsReader(context.Queue, context.Log).ReadOne(message.QueueId) is { } details)
        {
            _decisions.SetWasOnHold(decision.Id, details.QueueName == "hold");
        }
    }

    /// <summary>Every address goes into some MAIL FROM or RCPT TO: one that cannot ends the decision before anything is sent.</summary>
    /// <exception cref="DecisionRefusedException">An address cannot be written into an SMTP command.</exception>
    private static void RefuseUnsendable(Queue.MessageDetails details)
    {
        foreach (var (address, role) in details.PendingRecipients.Select(r => (r, "recipient")).Prepend((details.Sender, "sender")))
        {
            if (Smtp.SmtpParameters.Unsendable(address) is not null)
            {
                throw new DecisionRefusedException($"the {role} address {Smtp.SmtpParameters.Escape(Addresses.EnvelopeAddress.ToExternal(address))} "
                    + "contains an angle bracket or a control character, which mail servers cannot pass on safely");
            }
        }
    }
}
