using PostTls.Notify;
using PostTls.Run;
using PostTls.Spool;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.Apply;

/// <summary>
/// Turns a decision into a record, the first step of carrying it out: a sender's from the file
/// decide dropped in the spool, checked before anything is believed; an administrator's
/// directly. The first valid decision for a message wins; a later one is refused, and its
/// sender is told why. A file that was taken is removed only after its record is written.
/// </summary>
internal sealed class DecisionIntake(RunContext context, DecisionStore decisions, DecisionSpool spool,
    IDecisionEffects effects, Confirmations confirmations)
{
    /// <summary>The decision files waiting in the spool, in arrival order.</summary>
    public IReadOnlyList<string> Files() => spool.Pending();

    /// <summary>An administrator's decision, recorded as a sender's would be.</summary>
    /// <returns>null when the message was decided before (logged).</returns>
    public DecisionRecord? Accept(TrackedMessage message, SenderAction action, Actor actor, IReadOnlyCollection<string>? onlyDomains = null, string? why = null)
    {
        if (decisions.ForMessage(message.Id) is { } earlier)
        {
            context.Log.Warning($"{message.QueueId}: key={message.Key}: already decided ({earlier.Action} by {earlier.DecidedBy})");
            return null;
        }

        return Atomic.Write(context.Database, () =>
        {
            var decision = decisions.Insert(message.Id, action, actor, context.Now, file: null, message.State);
            if (onlyDomains is not null)
            {
                decisions.SetOnlyDomains(decision.Id, onlyDomains);
            }

            context.Store.SetState(message.Id, MessageState.Deciding);
            context.Store.Audit(context.Now, message.Id, message.QueueId, actor, AuditAction.DecisionAccepted,
                ActionWords.For(action) + (why is null ? "" : ", " + why));
            return decision;
        });
    }

    /// <summary>A spool file that cannot be taken is left (transient) or moved aside; the others are taken.</summary>
    /// <returns>The decision to carry out, or null when the file holds none (any more).</returns>
    public DecisionRecord? Take(string file)
    {
        try
        {
            return TakeFile(file);
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
            var aside = context.DryRun || decisions.HasFile(name) ? "left in place" : effects.SetAside(name);
            context.Log.Error($"{name}: cannot be taken: {Faults.ForAdmin(e)}; {aside}");

            return null;
        }
    }

    private DecisionRecord? TakeFile(string file)
    {
        var name = Path.GetFileName(file);
        if (decisions.HasFile(name))
        {
            effects.RemoveFile(name); // taken before; the run that took it died before removing it
            return null;
        }

        // posttls owns the spool: anything there may be planted. It is read only when it is a
        // small regular file of posttls's, and otherwise set aside without being looked into.
        var read = spool.Read(name);
        if (read.IsMissing)
        {
            return null;
        }

        if (read.Text is null || !DecisionFile.TryParse(read.Text, out var request))
        {
            var why = read.Refusal ?? "not a decision file";
            context.Log.Warning($"{name}: {why}; {effects.SetAside(name)}");
            return null;
        }

        if (request.Purpose == TokenPurpose.Forget)
        {
            new ChoiceIntake(context, confirmations).Forget(name, request);
            effects.RemoveFile(name);
            return null;
        }

        var message = context.Store.FindByKey(request.MessageKey);
        if (message is null || !Addresses.EnvelopeAddress.Same(message.Sender, request.Sender))
        {
            context.Log.Warning($"{name}: no message {request.MessageKey} from <{request.Sender}>; ignored");
            effects.RemoveFile(name);
            return null;
        }

        var sender = Actor.Sender(request.Sender);
        if (Refusal(message, request.Action) is { } refusal)
        {
            confirmations.Send(message, refusal.Outcome, refusal.Detail);
            context.Store.Audit(context.Now, message.Id, message.QueueId, sender, AuditAction.DecisionRefused, refusal.Why);
            effects.RemoveFile(name);
            return null;
        }

        // The decision, its message's state and the audit row in one commit; the file goes after it.
        var decision = Atomic.Write(context.Database, () =>
        {
            var inserted = decisions.Insert(message.Id, request.Action, sender, request.DecidedAt.ToUnixTimeSeconds(), name, message.State);
            context.Store.SetState(message.Id, MessageState.Deciding);
            context.Store.Audit(context.Now, message.Id, message.QueueId, inserted.DecidedBy, AuditAction.DecisionAccepted, ActionWords.For(request.Action));
            return inserted;
        });
        context.Log.Info($"{message.QueueId}: key={message.Key}, {decision.DecidedBy} decided: {ActionWords.For(request.Action)}");
        if (request.Purpose == TokenPurpose.Remember)
        {
            new ChoiceIntake(context, confirmations).Remember(message, request);
        }

        effects.RemoveFile(name);
        return decision;
    }

    /// <summary>Why a sender's decision cannot be taken: what the sender is told, and the audit detail.</summary>
    private (ConfirmationOutcome Outcome, string? Detail, string Why)? Refusal(TrackedMessage message, SenderAction action)
    {
        if (decisions.ForMessage(message.Id) is { } earlier)
        {
            return (ConfirmationOutcome.AlreadyDecided, $"{ActionWords.For(earlier.Action)}, {earlier.DecidedBy}", "already decided");
        }

        if (message.State is MessageState.Held && action == SenderAction.Release)
        {
            // Held by never_insecure_action = hold: the administrator decides, not a release.
            return (ConfirmationOutcome.NotAllowed, null, "held for the administrator");
        }

        return message.State is MessageState.Closed ? (ConfirmationOutcome.NoLongerWaiting, null, message.Outcome ?? "closed") : null;
    }
}
