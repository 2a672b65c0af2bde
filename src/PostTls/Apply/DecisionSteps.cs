using PostTls.Notify;
using PostTls.Queue;
using PostTls.Run;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.Apply;

/// <summary>
/// The crash-safe machine that carries a recorded decision out (<see cref="DecisionStep"/>).
/// Every step records its intent before it acts, and acting again is harmless (holding a held
/// message; deleting only what still holds our message), so a run killed between the two is
/// finished by the next. A duplicate copy is possible in one window only: between the release
/// listener's 250 reply and the write of its queue ID. One decision that fails never stops the
/// others (see DecisionSteps.Failures.cs).
/// </summary>
internal sealed partial class DecisionSteps(RunContext context, DecisionStore decisions, IDecisionEffects effects,
    ReleaseSubmitter submitter, Confirmations confirmations)
{
    private readonly QueueActions _actions = new(context);
    private NextHopResolver? _resolver;

    // The envelope read while planning, for the submission that follows in the same run: the
    // message is on hold in between, so nothing can change it. A run that resumes at "planned"
    // (the last one died) reads it again.
    private (string QueueId, MessageDetails Details)? _planned;

    /// <summary>
    /// Takes a decision as far as it can go; false when it stopped (logged; the next run goes on)
    /// or ended without being carried out. Whatever one message throws stays with it, unless
    /// it leaves no message workable (<see cref="Faults.StopsTheRun"/>).
    /// </summary>
    public bool Carry(DecisionRecord decision)
    {
        var message = context.Store.FindById(decision.MessageId)!;
        try
        {
            return decision.Action == SenderAction.Delete ? CarryDelete(decision, message) : CarryRelease(decision, message);
        }
        catch (Exception e) when (!Faults.StopsTheRun(e))
        {
            return Stopped(decision, message, e);
        }
    }

    private bool CarryDelete(DecisionRecord decision, TrackedMessage message)
    {
        var step = decision.Step;
        if (step == DecisionStep.Accepted)
        {
            if (!effects.StillHolds(message))
            {
                return Fail(decision, message, "the message is no longer in the queue");
            }

            step = Advance(decision, DecisionStep.Deleted);
        }

        if (step == DecisionStep.Deleted)
        {
            effects.Delete(message);
            Finish(decision, message, $"deleted by {decision.DecidedBy}", ConfirmationOutcome.Deleted, [], []);
        }

        return true;
    }

    private bool CarryRelease(DecisionRecord decision, TrackedMessage message)
    {
        var step = decision.Step;
        if (step == DecisionStep.Accepted)
        {
            if (!effects.StillHolds(message))
            {
                return Fail(decision, message, "the message is no longer in the queue");
            }

            if (ReadDetails(message) is { } unheld && RefusedRoute(decision, message, Route(decision, message, unheld), held: false))
            {
                return false;
            }

            step = Advance(decision, DecisionStep.Held);
        }

        if (step == DecisionStep.Held)
        {
            // Hold first (again, if a run died here): nothing delivers or expires it meanwhile.
            NoteHold(decision, message);
            if (!_actions.Apply(Configuration.PolicyAction.Hold, message))
            {
                return Fail(decision, message, "the message is no longer in the queue");
            }

            if (!Plan(decision, message))
            {
                return false;
            }

            step = Advance(decision, DecisionStep.Planned);
        }

        var groups = decisions.Groups(decision.Id);
        if (step == DecisionStep.Planned)
        {
            var content = context.Queue.Content(message.QueueId)
                ?? throw new Postfix.PostfixException($"cannot read the content of {message.QueueId}");
            var details = (_planned is { } planned && planned.QueueId == message.QueueId ? planned.Details : null)
                ?? ReadDetails(message)
                ?? throw new Postfix.PostfixException($"cannot read the envelope of {message.QueueId}");
            _planned = null;
            foreach (var group in groups.Where(g => g.NewQueueId is null))
            {
                submitter.Submit(decision, message, details, content, group);
            }

            step = Advance(decision, DecisionStep.Submitted);
            groups = decisions.Groups(decision.Id);
        }

        if (step == DecisionStep.Submitted)
        {
            step = Advance(decision, DecisionStep.Deleted);
        }

        if (step == DecisionStep.Deleted)
        {
            effects.Delete(message);
            context.Store.Audit(context.Now, message.Id, message.QueueId, decision.DecidedBy, AuditAction.Released, ReleasePlan.Describe(groups));
            Finish(decision, message, $"sent without encryption by {decision.DecidedBy}", ConfirmationOutcome.Released,
                ReleasePlan.Released(groups), ReleasePlan.Kept(groups));
        }

        return true;
    }

    /// <summary>
    /// Records the copies of <see cref="ReleasePlan"/> for the held message, or refuses the
    /// release (the message then comes off hold again) when nothing may be released.
    /// </summary>
    private bool Plan(DecisionRecord decision, TrackedMessage message)
    {
        var details = ReadDetails(message);
        if (details is null)
        {
            context.Log.Error($"{message.QueueId}: cannot read the held message; the next run tries again");
            return false;
        }

        var route = Route(decision, message, details);
        if (RefusedRoute(decision, message, route, held: true))
        {
            return false; // the configuration changed since the check before the hold
        }

        if (route.Releasable.Count == 0)
        {
            if (context.DryRun)
            {
                // Stops here: what follows tells the sender, which the dry run only describes when it happens.
                context.Report.WriteLine($"would refuse: no recipient of {message.QueueId} may be sent without encryption");
                return false;
            }

            // Released from hold before the decision is closed: a message left on hold would
            // never be delivered, expired or offered to its sender again.
            effects.Unhold(message);

            confirmations.Send(message, ConfirmationOutcome.NotAllowed);
            decisions.SetStep(decision.Id, DecisionStep.Failed, context.Now, "nothing may be released");
            context.Store.SetState(message.Id, MessageState.Open);
            context.Store.Audit(context.Now, message.Id, message.QueueId, decision.DecidedBy, AuditAction.ReleaseRefused, "no recipient may be sent without encryption");
            return false;
        }

        ReleasePlan.RefuseUnsendable(details);
        decisions.ForgetGroups(decision.Id); // a run that died while planning left some
        foreach (var copy in ReleasePlan.Copies(route.Releasable, details.PendingRecipients))
        {
            decisions.AddGroup(decision.Id, copy.NextHop, copy.Recipients);
        }

        _planned = (message.QueueId, details);
        return true;
    }

    private RoutePlan Route(DecisionRecord decision, TrackedMessage message, MessageDetails details) =>
        RoutePlan.ForMessage(context, message, details, _resolver ??= new NextHopResolver(context.Queue), decisions.OnlyDomains(decision.Id));

    /// <summary>
    /// A next hop that cannot go into the routing header: the whole decision is refused, the
    /// message stays queued as it was (released from hold when it was held), the sender is told
    /// why and may still decide otherwise.
    /// </summary>
    private bool RefusedRoute(DecisionRecord decision, TrackedMessage message, RoutePlan route, bool held)
    {
        if (route.Unroutable.Count == 0)
        {
            return false;
        }

        if (context.DryRun)
        {
            context.Report.WriteLine($"would refuse: {message.QueueId} cannot be released: {route.Reason}");
            return true;
        }

        if (held)
        {
            effects.Unhold(message);
        }

        context.Log.Error($"{message.QueueId}: key={message.Key}: send without encryption refused, no copy can be routed: {route.Reason}");
        decisions.SetStep(decision.Id, DecisionStep.Failed, context.Now, "next hop cannot be released to");
        context.Store.SetState(message.Id, MessageState.Open);
        context.Store.Audit(context.Now, message.Id, message.QueueId, decision.DecidedBy, AuditAction.ReleaseRefused, route.Reason);
        confirmations.Send(message, ConfirmationOutcome.Failed,
            detail: $"a copy without encryption cannot be routed to the mail server of {string.Join(", ", route.Unroutable.Select(u => u.Recipient))} "
                + $"({string.Join("; ", route.Unroutable.Select(u => u.Why))}); the message is still waiting for encrypted delivery, and you may still delete it");
        return true;
    }

    private void Finish(DecisionRecord decision, TrackedMessage message, string outcome, ConfirmationOutcome confirmation,
        IReadOnlyList<string> released, IReadOnlyList<string> kept)
    {
        context.Store.Close(message.Id, outcome, context.Now);
        if (decision.Action == SenderAction.Delete)
        {
            context.Store.Audit(context.Now, message.Id, message.QueueId, decision.DecidedBy, AuditAction.Deleted);
        }

        effects.MarkDone(message.Key, outcome);

        // Done is recorded before the confirmation is handed on, as notices are: a run killed
        // in between sends none rather than a second one when the next run finishes again.
        decisions.SetStep(decision.Id, DecisionStep.Done, context.Now, outcome);
        confirmations.Send(message, confirmation, released: released, kept: kept, by: decision.DecidedBy);
        context.Log.Info($"{message.QueueId}: key={message.Key}, {outcome}");
    }

    private bool Fail(DecisionRecord decision, TrackedMessage message, string why)
    {
        decisions.SetStep(decision.Id, DecisionStep.Failed, context.Now, why);
        context.Store.Close(message.Id, "decision failed: " + why, context.Now);
        context.Store.Audit(context.Now, message.Id, message.QueueId, decision.DecidedBy, AuditAction.DecisionFailed, why);
        confirmations.Send(message, ConfirmationOutcome.Failed, detail: why);
        return false;
    }

    private DecisionStep Advance(DecisionRecord decision, DecisionStep step)
    {
        decisions.SetStep(decision.Id, step, context.Now);
        return step;
    }

    private MessageDetails? ReadDetails(TrackedMessage message) => new MessageDetailsReader(context.Queue, context.Log).ReadOne(message.QueueId);
}
