using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Logging;
using PostTls.Postfix;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.Run;

/// <summary>
/// Sets up one run of sweep or apply: the lock, the database, the key and the Postfix
/// commands, and turns what the environment refuses into one line and exit status 75. The
/// sessions of sweep (Sweep/SweepSession.cs) and apply (Apply/ApplySession.cs) say only what
/// the run does.
/// </summary>
internal static class RunSession
{
    /// <param name="command">sweep or apply, for the messages.</param>
    /// <param name="work">The run itself, on a context that a dry run rolls back.</param>
    /// <param name="done">The closing log line's text for what the run did.</param>
    /// <returns>The exit status: 0 also when another run holds the lock.</returns>
    /// <exception cref="Problem">The configuration, key, database or Postfix cannot be used; nothing was acted on.</exception>
    /// <param name="listsTheQueue">The run reads <c>postqueue -j</c> first (sweep): it is started before the database is opened.</param>
    public static int Run(string command, PostTlsSettings settings, TimeProvider clock, MailLog log, bool dryRun, TextWriter report,
        Func<PostTlsSettings, IPostfixQueue>? queueFactory, Func<RunContext, RunSummary> work, Func<RunSummary, string> done,
        bool listsTheQueue = false)
    {
        if (!Directory.Exists(settings.DataDirectory))
        {
            throw new Problem($"posttls {command}: {settings.DataDirectory} does not exist; run posttls init", ExitCodes.Config);
        }

        using var runLock = RunLock.TryAcquire(settings.DataDirectory, clock);
        if (runLock is null)
        {
            LockHeld(settings, clock, log);
            return ExitCodes.Ok;
        }

        try
        {
            // postqueue's own start-up (a dozen libraries, main.cf) runs while the database opens
            // and the key is read; it only lists, so a run that stops below has done nothing.
            using var queue = (queueFactory ?? RunContext.RealQueue)(settings);
            if (listsTheQueue)
            {
                queue.StartListing();
            }

            var databaseExists = File.Exists(Path.Combine(settings.DataDirectory, StateDatabase.FileName));
            using var database = StateDatabase.Open(settings.DataDirectory, inMemory: dryRun && !databaseExists);
            var context = RunContext.Create(settings, database, clock, log, dryRun, report, _ => queue);

            // A dry run does everything in one transaction and throws it away.
            using var transaction = dryRun ? database.BeginTransaction() : null;
            var summary = work(context);
            log.Info((dryRun ? "dry run: " : "") + done(summary));
            if (dryRun)
            {
                report.WriteLine("dry run, nothing changed: " + summary);
            }

            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is SecretKeyException or StateException or PostfixException or IOException or UnauthorizedAccessException)
        {
            // A hung command is the environment's trouble and the next run tries again; the rest is an error.
            (e is PostfixException { TimedOut: true } ? (Action<string>)log.Warning : log.Error)(e.Message + "; nothing was acted on in this step");
            throw new Problem($"posttls {command}: " + e.Message, ExitCodes.TempFail);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            // Locked past the busy timeout, or damaged after it was opened: name the file, as Open does.
            var message = $"the database {Path.Combine(settings.DataDirectory, StateDatabase.FileName)}: {e.Message}";
            log.Error(message + "; the run stopped, the next one goes on from the last recorded step");
            throw new Problem($"posttls {command}: " + message, ExitCodes.TempFail);
        }
    }

    /// <summary>
    /// An overlap is ordinary (one minute's sweep still running when the next starts) and worth
    /// no more than an info line; a lock held past <see cref="RunLock.ExpectedHoldTime"/> means
    /// a run that hangs, and nothing else would tell the administrator that every later run stops.
    /// </summary>
    private static void LockHeld(PostTlsSettings settings, TimeProvider clock, MailLog log)
    {
        var holder = RunLock.Holder(settings.DataDirectory);
        var held = holder is null ? TimeSpan.Zero : clock.GetUtcNow() - holder.Since;
        if (holder is null || held <= RunLock.ExpectedHoldTime)
        {
            log.Info("another sweep is running; this one stops");
            return;
        }

        log.Warning($"another sweep or apply (pid {holder.Pid}) has held {Path.Combine(settings.DataDirectory, RunLock.FileName)}"
            + $" for {LockHolder.Describe(held)}, since {holder.Since.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC (a run takes {RunLock.ExpectedHoldTime.TotalMinutes:0} minutes at most):"
            + " it may hang, on a Postfix command for example; look at that process. Until it ends no sweep or apply runs; this one stops");
    }
}
