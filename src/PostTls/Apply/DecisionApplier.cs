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
    // Bounds the rounds of one run, for a spool that never empties: the next run goes on.
    private const int MaxRounds = 10;

    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly DecisionStore _decisions;
    private readonly DecisionIntake _intake;
    private readonly DecisionSteps _steps;
    private readonly MailIdentity _mail;

    public DecisionApplier(RunContext context)
    {
        _mail = context.Mail;
        _decisions = new DecisionStore(context.Database);
        var spool = new DecisionSpool(context.Settings.SpoolDirectory, context.Log.Warning);
        IDecisionEffects effects = context.DryRun ? new DryRunDecisionEffects(context.Report) : new LiveDecisionEffects(context, spool);
        var confirmations = new Confirmations(context);
        _intake = new DecisionIntake(context, _decisions, spool, effects, confirmations);
        _steps = new DecisionSteps(context, _decisions, effects, new ReleaseSubmitter(context, _decisions), confirmations);
    }

    /// <summary>The decision path of <paramref name="context"/>, as sweep and the admin commands take it.</summary>
    public static IDecisionPath For(RunContext context) => new DecisionApplier(context);

    /// <exception cref="Postfix.PostfixException">The action domain cannot be resolved: nothing was done.</exception>
    public int Run()
    {
        var unfinished = _decisions.Unfinished();
        if (unfinished.Count > 0)
        {
            _mail.Resolve(); // every decision ends in a confirmation: known before its first step
        }

        var applied = _steps.CarryAll([.. unfinished, .. TakeFiles()]);

        // Decisions that arrived while this run carried the others out go too: the path unit
        // would start the next run only once this one has ended (and its pause has passed).
        for (var round = 1; round < MaxRounds && TakeFiles() is { Count: > 0 } arrived; round++)
        {
            applied += _steps.CarryAll(arrived);
        }

        return applied;
    }

    /// <summary>The spool's files not met before in this run: one that cannot be taken now waits for the next run.</summary>
    private List<DecisionRecord> TakeFiles()
    {
        var taken = new List<DecisionRecord>();
        var files = _intake.Files().Where(_seen.Add).ToList();
        if (files.Count > 0)
        {
            _mail.Resolve(); // intake confirms, or tells why not
        }

        foreach (var file in files)
        {
            if (_intake.Take(file) is { } decision)
            {
                taken.Add(decision);
            }
        }

        return taken;
    }

    /// <exception cref="Postfix.PostfixException">The action domain cannot be resolved: nothing was done.</exception>
    public bool Decide(TrackedMessage message, SenderAction action, Actor actor, IReadOnlyCollection<string>? onlyDomains = null, string? why = null)
    {
        _mail.Resolve();
        return _intake.Accept(message, action, actor, onlyDomains, why) is { } decision && _steps.Carry(decision);
    }
}
