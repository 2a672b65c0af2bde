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
/// without touching anything, and <see cref="ReleaseSubmitter"/> hands the copies on; the
/// sender hears through <see cref="Confirmations"/>. A dry run differs only in its
/// <see cref="IDecisionEffects"/>.
/// </summary>
internal sealed class DecisionApplier : IDecisionPath
{
    private readonly DecisionStore _decisions;
    private readonly DecisionIntake _intake;
    private readonly DecisionSteps _steps;

    public DecisionApplier(RunContext context)
    {
        _decisions = new DecisionStore(context.Database);
        var spool = new DecisionSpool(context.Settings.SpoolDirectory, context.Log.Warning);
        IDecisionEffects effects = context.DryRun ? new DryRunDecisionEffects(context.Report) : new LiveDecisionEffects(context, spool);
        var confirmations = new Confirmations(context);
        _intake = new DecisionIntake(context, _decisions, spool, effects, confirmations);
        _steps = new DecisionSteps(context, _decisions, effects, new ReleaseSubmitter(context, _decisions), confirmations);
    }

    /// <summary>The decision path of <paramref name="context"/>, as sweep and the admin commands take it.</summary>
    public static IDecisionPath For(RunContext context) => new DecisionApplier(context);

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

    public bool Decide(TrackedMessage message, SenderAction action, Actor actor, IReadOnlyCollection<string>? onlyDomains = null, string? why = null) =>
        _intake.Accept(message, action, actor, onlyDomains, why) is { } decision && _steps.Carry(decision);
}
