using PostTls.Notify;
using PostTls.Queue;
using PostTls.Run;
using PostTls.State;

namespace PostTls.Apply;

/// <summary>
/// Planning a release: where each recipient's copy goes (<see cref="RoutePlan"/>), and the
/// refusals when no copy may or can go.
/// </summary>
internal sealed partial class DecisionSteps
{
    /// <summary>
    /// Records the copies of <see cref="ReleasePlan"/> for the held message and the step
    /// "planned", or refuses the release (the message then comes off hold again) when nothing
    /// may be released.
    /// </summary>
    /// <param name="details">The held message as postcat read it after the hold; null when it could not.</param>
    private bool Plan(DecisionRecord decision, TrackedMessage message, MessageDetails? details)
    {
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
        var copies = ReleasePlan.Copies(route.Releasable, details.PendingRecipients);
        // The copies and the step in one commit: a run killed before it plans again.
        Atomic.Write(context.Database, () =>
        {
            decisions.ForgetGroups(decision.Id); // left by a version that wrote them one by one, when it died while planning
            foreach (var copy in copies)
            {
                decisions.AddGroup(decision.Id, copy.NextHop, copy.Recipients);
            }

            decisions.SetStep(decision.Id, DecisionStep.Planned, context.Now);
        });
        return true;
    }

    private RoutePlan Route(DecisionRecord decision, TrackedMessage message, MessageDetails details) =>
        RoutePlan.ForMessage(context, message, details, Resolver, decisions.OnlyDomains(decision.Id));

    private NextHopResolver Resolver => _resolver ??= new NextHopResolver(context.Queue);

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
}
