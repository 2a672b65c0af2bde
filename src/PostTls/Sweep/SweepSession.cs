using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Logging;
using PostTls.Postfix;
using PostTls.Run;

namespace PostTls.Sweep;

/// <summary>
/// One sweep, set up as every run is (<see cref="RunSession"/>). The command calls it with the
/// real clock and queue; tests pass their own.
/// </summary>
internal static class SweepSession
{
    /// <param name="decisions">The decision path the sweep carries decisions out on (Apply/DecisionApplier.cs).</param>
    /// <returns>The exit status: 0 also when another sweep holds the lock.</returns>
    /// <exception cref="Problem">The configuration, key, database or Postfix cannot be used; nothing was acted on.</exception>
    public static int Run(PostTlsSettings settings, TimeProvider clock, MailLog log, bool dryRun, TextWriter report,
        Func<RunContext, IDecisionPath> decisions, Func<PostTlsSettings, IPostfixQueue>? queueFactory = null) =>
        RunSession.Run("sweep", settings, clock, log, dryRun, report, queueFactory,
            context => new SweepRunner(context, decisions).Run(), summary => "sweep done: " + summary, listsTheQueue: true);
}
