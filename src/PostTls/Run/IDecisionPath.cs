using PostTls.State;
using PostTls.Tagging;

namespace PostTls.Run;

/// <summary>
/// The one path every decision takes, a sender's or an administrator's, as the sweep and the
/// admin commands reach it. Apply implements it (Apply/DecisionApplier.cs); the command that
/// starts a run hands it in, so sweep, apply and admin, peers on this engine, never import
/// each other.
/// </summary>
internal interface IDecisionPath
{
    /// <summary>Carries out the decision files waiting in the spool and every decision a killed run left unfinished.</summary>
    /// <returns>How many decisions were carried out in this run.</returns>
    int Run();

    /// <summary>An administrator's decision, or the policy's at the deadline, through the same path as a sender's.</summary>
    /// <returns>False when the message was decided before, or the decision was not carried out in this run.</returns>
    /// <param name="onlyDomains">A release for the recipients in these domains only (a remembered choice); null: all that may be released.</param>
    /// <param name="why">For the audit, when the actor alone does not say it (e.g. "by remembered choice of …").</param>
    bool Decide(TrackedMessage message, SenderAction action, Actor actor, IReadOnlyCollection<string>? onlyDomains = null, string? why = null);
}
