using PostTls.Queue;
using PostTls.Run;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.Apply;

/// <summary>
/// How the steps run over the decisions of a run: one command for all of them
/// (<see cref="Batch"/>, <see cref="Look"/>), then each decision on its own (<see cref="Each"/>),
/// so that what one decision meets stops that decision only.
/// </summary>
internal sealed partial class DecisionSteps
{
    /// <summary>
    /// The transport_maps entries of every release's recipients in one postmap run per table,
    /// for the route checks before the hold and while planning. When that fails, each route
    /// check asks on its own, and fails or not with its message.
    /// </summary>
    private void Prefetch(QueueLook look, List<Carried> items)
    {
        try
        {
            var recipients = items.Where(i => i.Decision.Action == SenderAction.Release)
                .SelectMany(i => look.Details(i.Message)?.PendingRecipients ?? []).ToList();
            if (recipients.Count > 0)
            {
                Resolver.Prefetch(recipients);
            }
        }
        catch (Exception e) when (!Faults.StopsTheRun(e))
        {
            // Nothing to report here: the route check of each release meets the failure and reports it with its message.
        }
    }

    private static List<Carried> At(List<Carried> items, DecisionStep step) => items.Where(i => !i.Out && i.Step == step).ToList();

    private QueueLook Look(List<Carried> items) => QueueLook.Take(context, items.Select(i => i.Message));

    /// <summary>Runs one step for each decision still going; what it throws stops that decision only.</summary>
    private void Each(IEnumerable<Carried> items, Action<Carried> step)
    {
        foreach (var item in items.Where(i => !i.Out).ToList())
        {
            try
            {
                step(item);
            }
            catch (Exception e) when (!Faults.StopsTheRun(e))
            {
                item.Out = true;
                Stopped(item.Decision, item.Message, e);
            }
        }
    }

    /// <summary>Runs one command for all the decisions; when it throws, each of them stops with that failure.</summary>
    private void Batch(List<Carried> items, Action command)
    {
        if (items.Count == 0)
        {
            return;
        }

        try
        {
            command();
        }
        catch (Exception e) when (!Faults.StopsTheRun(e))
        {
            foreach (var item in items)
            {
                item.Out = true;
                Stopped(item.Decision, item.Message, e);
            }
        }
    }

    /// <param name="copies">For a release: what went where, for the audit row.</param>

    /// <summary>One decision on its way through the steps of a run.</summary>
    private sealed class Carried(DecisionRecord decision, TrackedMessage message)
    {
        public DecisionRecord Decision { get; } = decision;

        public TrackedMessage Message { get; } = message;

        public DecisionStep Step { get; set; } = decision.Step;

        /// <summary>Checked in this run, right before the hold.</summary>
        public bool Checked { get; set; }

        /// <summary>The envelope read while planning, for the submission in the same run.</summary>
        public MessageDetails? Planned { get; set; }

        /// <summary>Stopped, refused or ended in this run: no further step.</summary>
        public bool Out { get; set; }

        /// <summary>Carried out in this run.</summary>
        public bool Done { get; set; }
    }
}
