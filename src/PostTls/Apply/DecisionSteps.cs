using PostTls.Notify;
using PostTls.Queue;
using PostTls.Run;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.Apply;

/// <summary>
/// The crash-safe machine that carries recorded decisions out (<see cref="DecisionStep"/>).
/// Every step records its intent before it acts, and acting again is harmless (holding a held
/// message; deleting only what still holds our message), so a run killed between the two is
/// finished by the next. A duplicate copy is possible in one window only: between the release
/// listener's 250 reply and the write of its queue ID. One decision that fails never stops the
/// others (see DecisionSteps.Failures.cs).
/// </summary>
/// <remarks>
/// The decisions of a run go through the steps together, each step for all of them before the
/// next: one look at the queue (postcat per 100 IDs) and then one postsuper -h for every
/// release; one look at the held messages to plan them; the copies, one connection for all;
/// one look and one postsuper -d for every message whose decision reached "deleted". Each
/// decision's step is written before the command that carries it out, as with one decision,
/// and each postsuper is guarded by a look taken right before it, so a run killed between two
/// batches leaves every decision at a step the next run resumes from: it looks again and does
/// again what may have been done.
/// </remarks>
internal sealed partial class DecisionSteps(RunContext context, DecisionStore decisions, IDecisionEffects effects,
    ReleaseSubmitter submitter, Confirmations confirmations)
{
    private NextHopResolver? _resolver;

    /// <summary>
    /// Takes a decision as far as it can go; false when it stopped (logged; the next run goes on)
    /// or ended without being carried out.
    /// </summary>
    public bool Carry(DecisionRecord decision) => CarryAll([decision]) == 1;

    /// <summary>
    /// Takes the decisions as far as they can go, step by step for all of them. Whatever one
    /// message throws stays with it, unless it leaves no message workable (<see cref="Faults.StopsTheRun"/>);
    /// a batched command that fails stops the decisions of its batch, which the next run resumes.
    /// </summary>
    /// <returns>How many were carried out.</returns>
    public int CarryAll(IReadOnlyList<DecisionRecord> all)
    {
        var items = all.Select(d => new Carried(d, context.Store.FindById(d.MessageId)!)).ToList();
        try
        {
            Check(At(items, DecisionStep.Accepted));
            HoldAndPlan(At(items, DecisionStep.Held));
            Submit(At(items, DecisionStep.Planned));
            Delete(items.Where(i => !i.Out && i.Step is DecisionStep.Submitted or DecisionStep.Deleted).ToList());
        }
        finally
        {
            submitter.EndRun();
        }

        return items.Count(i => i.Done);
    }

    /// <summary>
    /// Is the message still there, and may it be released? A delete goes on to "deleted", a
    /// release to "held": all of them in one commit, before the hold or delete that follows.
    /// Those that end here (gone, or no copy can be routed) are told after that commit.
    /// </summary>
    private void Check(List<Carried> items)
    {
        var look = Look(items);
        Prefetch(look, items);
        var gone = new List<Carried>();
        var refused = new Dictionary<Carried, RoutePlan>();
        var going = new List<Carried>();
        Each(items, item =>
        {
            if (!effects.StillHolds(look, item.Message))
            {
                gone.Add(item);
            }
            else if (item.Decision.Action == SenderAction.Release && look.Details(item.Message) is { } unheld
                && Route(item.Decision, item.Message, unheld) is { Unroutable.Count: > 0 } route)
            {
                refused[item] = route;
            }
            else
            {
                going.Add(item);
            }
        });

        Atomic.Write(context.Database, () =>
        {
            foreach (var item in going)
            {
                var release = item.Decision.Action == SenderAction.Release;
                item.Step = Advance(item.Decision, release ? DecisionStep.Held : DecisionStep.Deleted);
                if (release)
                {
                    NoteHold(item.Decision, look, item.Message);
                    item.Checked = true;
                }
            }
        });

        Each(gone, item =>
        {
            item.Out = true;
            Fail(item.Decision, item.Message, "the message is no longer in the queue");
        });
        Each(refused.Keys, item =>
        {
            item.Out = true;
            RefusedRoute(item.Decision, item.Message, refused[item], held: false);
        });
    }

    /// <summary>Hold first (again, if a run died here): nothing delivers or expires the message meanwhile. Then plan the copies.</summary>
    private void HoldAndPlan(List<Carried> items)
    {
        // Left at "held" by a killed run: checked in that run, so looked at again before the hold.
        var resumed = items.Where(i => !i.Checked).ToList();
        var look = Look(resumed);
        Each(resumed, item =>
        {
            NoteHold(item.Decision, look, item.Message);
            if (!effects.StillHolds(look, item.Message))
            {
                Fail(item.Decision, item.Message, "the message is no longer in the queue");
                item.Out = true;
            }
        });

        var holding = items.Where(i => !i.Out).ToList();
        Batch(holding, () => effects.Hold(holding.Select(i => i.Message).ToList()));

        var held = holding.Where(i => !i.Out).ToList();
        look = Look(held);
        Each(held, item =>
        {
            if (!Plan(item.Decision, item.Message, look.Details(item.Message)))
            {
                item.Out = true;
                return;
            }

            item.Planned = look.Details(item.Message);
            item.Step = DecisionStep.Planned;
        });
    }

    /// <summary>
    /// The planned copies, each recorded with its new queue ID as soon as the listener took it.
    /// The envelope read while planning serves the submission in the same run (the message is
    /// on hold in between, so nothing can change it); a run that resumes here reads it again.
    /// </summary>
    private void Submit(List<Carried> items) => Each(items, item =>
    {
        var (decision, message) = (item.Decision, item.Message);
        var content = context.Queue.Content(message.QueueId)
            ?? throw new Postfix.PostfixException($"cannot read the content of {message.QueueId}");
        var details = item.Planned
            ?? new MessageDetailsReader(context.Queue, context.Log).ReadOne(message.QueueId)
            ?? throw new Postfix.PostfixException($"cannot read the envelope of {message.QueueId}");
        item.Planned = null;
        foreach (var group in decisions.Groups(decision.Id).Where(g => g.NewQueueId is null))
        {
            submitter.Submit(decision, message, details, content, group);
        }

        item.Step = Advance(decision, DecisionStep.Submitted);
    });

    /// <summary>The originals of deletes and of releases whose copies went out: one look, one postsuper -d, then each closed and confirmed.</summary>
    private void Delete(List<Carried> items)
    {
        // Only the database changes here: one commit for all.
        Atomic.Write(context.Database, () =>
        {
            foreach (var item in items.Where(i => !i.Out && i.Step == DecisionStep.Submitted))
            {
                item.Step = Advance(item.Decision, DecisionStep.Deleted);
            }
        });
        var deleting = items.Where(i => !i.Out).ToList();
        var look = Look(deleting);
        var there = new List<Carried>();
        Each(deleting, item =>
        {
            if (effects.StillHolds(look, item.Message))
            {
                there.Add(item);
            }
        });

        Batch(there, () => effects.Delete(there.Select(i => i.Message).ToList()));
        Each(deleting.Where(i => !i.Out), item =>
        {
            var (decision, message) = (item.Decision, item.Message);
            if (decision.Action == SenderAction.Delete)
            {
                Finish(decision, message, $"deleted by {decision.DecidedBy}", ConfirmationOutcome.Deleted, [], []);
            }
            else
            {
                var groups = decisions.Groups(decision.Id);
                Finish(decision, message, $"sent without encryption by {decision.DecidedBy}", ConfirmationOutcome.Released,
                    ReleasePlan.Released(groups), ReleasePlan.Kept(groups), ReleasePlan.Describe(groups));
            }

            item.Done = true;
        });
    }

    private void Finish(DecisionRecord decision, TrackedMessage message, string outcome, ConfirmationOutcome confirmation,
        IReadOnlyList<string> released, IReadOnlyList<string> kept, string? copies = null)
    {
        // The spool's mark first: it only says what is true already (the original is gone), and
        // setting it again when a run killed before the commit finishes again changes nothing.
        effects.MarkDone(message.Key, outcome);

        // Done is recorded before the confirmation is handed on, as notices are: a run killed
        // in between sends none rather than a second one when the next run finishes again.
        Atomic.Write(context.Database, () =>
        {
            if (copies is not null)
            {
                context.Store.Audit(context.Now, message.Id, message.QueueId, decision.DecidedBy, AuditAction.Released, copies);
            }

            context.Store.Close(message.Id, outcome, context.Now);
            if (decision.Action == SenderAction.Delete)
            {
                context.Store.Audit(context.Now, message.Id, message.QueueId, decision.DecidedBy, AuditAction.Deleted);
            }

            decisions.SetStep(decision.Id, DecisionStep.Done, context.Now, outcome);
        });
        confirmations.Send(message, confirmation, released: released, kept: kept, by: decision.DecidedBy);
        context.Log.Info($"{message.QueueId}: key={message.Key}, {outcome}");
    }

    private void Fail(DecisionRecord decision, TrackedMessage message, string why)
    {
        decisions.SetStep(decision.Id, DecisionStep.Failed, context.Now, why);
        context.Store.Close(message.Id, "decision failed: " + why, context.Now);
        context.Store.Audit(context.Now, message.Id, message.QueueId, decision.DecidedBy, AuditAction.DecisionFailed, why);
        confirmations.Send(message, ConfirmationOutcome.Failed, detail: why);
    }

    private DecisionStep Advance(DecisionRecord decision, DecisionStep step)
    {
        decisions.SetStep(decision.Id, step, context.Now);
        return step;
    }
}
