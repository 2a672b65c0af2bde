using PostTls.Run;
using PostTls.Spool;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.Apply;

/// <summary>
/// Carries out decisions: the files decide dropped, and any decision a killed run left
/// unfinished. Four parts: <see cref="DecisionIntake"/> reads and checks the spool files,
/// <see cref="DecisionSteps"/> carries each decision out step by step, each step written to
/// the database before the next, <see cref="ReleasePlan"/> splits a release into copies
/// without touching anything, and <see cref="ReleaseSubmitter"/> hands the copies and the
/// confirmations on. A dry run differs only in its <see cref="IDecisionEffects"/>.
/// </summary>
internal sealed class DecisionApplier
{
    private readonly DecisionStore _decisions;
    private readonly DecisionIntake _intake;
    private readonly DecisionSteps _steps;

    public DecisionApplier(RunContext context)
    {
        _decisions = new DecisionStore(context.Database);
        var spool = new DecisionSpool(context.Settings.SpoolDirectory, context.Log.Warning);
        IDecisionEffects effects = context.DryRun ? new DryRunDecisionEffects(context.Report) : new LiveDecisionEffects(context, spool);
        var submitter = new ReleaseSubmitter(context, _decisions);
        _intake = new DecisionIntake(context, _decisions, spool, effects, submitter);
        _steps = new DecisionSteps(context, _decisions, effects, submitter);
    }

    /// <returns>How many decisions were carried out in this run.</returns>
    public int Run()
    {
        var applied = 0;
        foreach (var unfinished in _decisions.Unfinished())
        {
            applied += _steps.Carry(unfinished) ? 1 : 0;
        }

        foreach (var file in _intake.Files())
        {
            if (_intake.Take(file) is { } decision)
            {
                applied += _steps.Carry(decision) ? 1 : 0;
            }
        }

        return applied;
    }

    /// <summary>An administrator's decision, through the same path as a sender's.</summary>
    /// <returns>False when the message was decided before, or the decision was not carried out in this run.</returns>
    public bool Decide(TrackedMessage message, SenderAction action, Actor actor) =>
        _intake.Accept(message, action, actor) is { } decision && _steps.Carry(decision);
}
