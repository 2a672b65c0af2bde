using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Logging;
using PostTls.Postfix;
using PostTls.Run;

namespace PostTls.Apply;

/// <summary>
/// One run of posttls apply: carries out the decisions, leaves the rest to the next sweep. Set
/// up as every run is (<see cref="RunSession"/>), under the same lock as a sweep.
/// </summary>
internal static class ApplySession
{
    /// <returns>The exit status: 0 also when a sweep holds the lock (it carries the decisions out itself).</returns>
    /// <exception cref="Problem">The configuration, key, database or Postfix cannot be used; nothing was acted on.</exception>
    public static int Run(PostTlsSettings settings, TimeProvider clock, MailLog log, bool dryRun, TextWriter report,
        Func<PostTlsSettings, IPostfixQueue>? queueFactory = null) =>
        RunSession.Run("apply", settings, clock, log, dryRun, report, queueFactory,
            context => new RunSummary { Decisions = new DecisionApplier(context).Run() }, summary => $"apply done: decisions={summary.Decisions}");
}
