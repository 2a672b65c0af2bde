using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Run;
using PostTls.Spool;
using PostTls.State;
using PostTls.Tagging;
using PostTls.Text;
using PostTls.Unix;

namespace PostTls.Admin;

/// <summary>What an administrator can do to one message.</summary>
internal enum AdminVerb
{
    /// <summary>Send without encryption, as a sender's decision would.</summary>
    Release,

    /// <summary>Delete, as a sender's decision would.</summary>
    Delete,

    /// <summary>Return to the sender with Postfix's own delivery report (postsuper -f).</summary>
    Return,
}

/// <summary>
/// Carries out posttls release, delete and return. Release and delete are decisions taken
/// through <see cref="IDecisionPath.Decide"/>, the path a sender's decision takes; return
/// is the sweep's own <see cref="QueueActions"/> step. All of them hold the sweep lock, so
/// they never race a sweep, and are audited as admin:LOGIN.
/// </summary>
internal static class AdminAction
{
    /// <param name="decisions">The decision path release and delete take (Apply/DecisionApplier.cs).</param>
    /// <returns>0 when done or already done; 66 no such message; 65 refused for this message; 75 stopped, try again.</returns>
    public static int Run(CommandHost host, string command, AdminVerb verb, string text, bool dryRun, string? configFile, TextWriter output, TextWriter error,
        Func<RunContext, IDecisionPath> decisions)
    {
        host.Privileges.RequireRoot(command);
        var settings = SettingsLoader.Load(configFile, host.Variable);
        var reference = AdminMessages.Parse(command, text);
        return AdminSession.Guard(command, () =>
        {
            using var session = AdminSession.ForActing(host, command, settings);
            var message = AdminMessages.Find(session, reference);
            if (message.State == MessageState.Closed)
            {
                // Idempotent, like postsuper on a message that is gone: asking again is not an error.
                output.WriteLine($"posttls {command}: {message.QueueId} is already closed: {SafeText.Clean(message.Outcome ?? "closed")}");
                return ExitCodes.Ok;
            }

            if (Earlier(session, verb, message, output) is { } status)
            {
                return status;
            }

            var context = session.Context(dryRun, output, error);

            // The decision path skips this read in a dry run; without it a dry run would
            // promise to act on a queue ID that no longer holds the message.
            if (dryRun && !new QueueActions(context).StillHolds(message))
            {
                output.WriteLine($"posttls {command}: {message.QueueId} no longer holds this message (it left the queue); nothing would be done");
                return ExitCodes.NoInput;
            }

            // A dry run does its database work in a transaction that is thrown away, as sweep --dry-run does.
            using var transaction = dryRun ? session.Database.BeginTransaction() : null;
            var result = verb == AdminVerb.Return ? Return(session, context, message, output) : Decide(session, context, decisions(context), verb, message, output);
            if (dryRun)
            {
                output.WriteLine($"posttls {command}: dry run, nothing changed");
            }

            return result;
        });
    }

    /// <summary>
    /// A message has one decision: a second one is refused by the decision path, and a return
    /// while a release is under way could send the mail twice.
    /// </summary>
    private static int? Earlier(AdminSession session, AdminVerb verb, TrackedMessage message, TextWriter output)
    {
        if (session.Decisions.LatestForMessage(message.Id) is not { } earlier)
        {
            return null;
        }

        var what = $"{MessageJson.ActionName(earlier)} by {earlier.DecidedBy}, step {MessageJson.StepName(earlier.Step)}";
        if (earlier.Step is not (DecisionStep.Done or DecisionStep.Failed))
        {
            var line = $"posttls {session.Command}: {message.QueueId}: a decision is being carried out ({what}); the next sweep or posttls apply finishes it";
            if (AsSenderAction(verb) == earlier.Action)
            {
                output.WriteLine(line);
                return ExitCodes.Ok;
            }

            throw new Problem(line + "; nothing was done", ExitCodes.TempFail);
        }

        if (verb == AdminVerb.Return || earlier.Step == DecisionStep.Failed)
        {
            return null; // a failed decision changed nothing, so another one may follow; returning is always safe then
        }

        var result = session.Reports.Decisions(message.Id).LastOrDefault()?.Result is { } r ? ": " + r : "";
        throw new Problem($"posttls {session.Command}: {message.QueueId}: it already had a decision ({what}{SafeText.Clean(result)}); posttls takes"
            + " one decision per message, so use posttls return or postsuper(1); nothing was done", ExitCodes.DataError);
    }

    private static int Decide(AdminSession session, RunContext context, IDecisionPath decisions, AdminVerb verb, TrackedMessage message, TextWriter output)
    {
        var command = session.Command;
        decisions.Decide(message, AsSenderAction(verb)!.Value, Actor.Admin(AdminActor.Login(session.Host.Variable)));

        var after = session.Messages.FindById(message.Id)!;
        var detail = session.Reports.Decisions(message.Id).Last();
        if (after.State == MessageState.Closed && detail.Decision.Step == DecisionStep.Done)
        {
            output.WriteLine($"posttls {command}: {after.QueueId}: {(context.DryRun ? "would end as: " : "")}{SafeText.Clean(after.Outcome)}");
            foreach (var group in detail.Releases)
            {
                var route = group.NextHop is null ? "through normal routing" : $"to {group.NextHop} without TLS";
                output.WriteLine($"  {route}: {SafeText.Clean(string.Join(", ", group.Recipients))}; queued as {group.NewQueueId ?? "-"}");
            }

            return ExitCodes.Ok;
        }

        if (after.State == MessageState.Closed)
        {
            throw new Problem($"posttls {command}: {after.QueueId}: not done: {SafeText.Clean(after.Outcome)}", ExitCodes.NoInput);
        }

        if (detail.Decision.Step == DecisionStep.Failed)
        {
            throw new Problem($"posttls {command}: {after.QueueId}: refused: {SafeText.Clean(detail.Result)}", ExitCodes.DataError);
        }

        throw new Problem($"posttls {command}: {after.QueueId}: stopped at step {MessageJson.StepName(detail.Decision.Step)} (see the lines above);"
            + " the next sweep or posttls apply carries on", ExitCodes.TempFail);
    }

    private static int Return(AdminSession session, RunContext context, TrackedMessage message, TextWriter output)
    {
        var command = session.Command;
        var actions = new QueueActions(context);
        if (!context.DryRun && !actions.StillHolds(message))
        {
            throw new Problem($"posttls {command}: {message.QueueId} no longer holds this message (it left the queue); nothing was done", ExitCodes.NoInput);
        }

        if (!actions.Apply(PolicyAction.Return, message))
        {
            throw new Problem($"posttls {command}: {message.QueueId} no longer holds this message (it left the queue); nothing was done", ExitCodes.NoInput);
        }

        var actor = Actor.Admin(AdminActor.Login(session.Host.Variable));
        var outcome = $"returned by {actor}";
        context.Store.Close(message.Id, outcome, context.Now);
        context.Store.Audit(context.Now, message.Id, message.QueueId, actor, AuditAction.Returned, "by the administrator");
        if (context.DryRun)
        {
            output.WriteLine($"would close {message.QueueId} as {outcome}");
            return ExitCodes.Ok;
        }

        MarkDone(context, message, outcome);
        context.Log.Info($"{message.QueueId}: key={message.Key}, {outcome}");
        output.WriteLine($"posttls {command}: {message.QueueId}: {outcome}; Postfix returns it to its sender with its delivery report");
        return ExitCodes.Ok;
    }

    private static SenderAction? AsSenderAction(AdminVerb verb) => verb switch
    {
        AdminVerb.Release => SenderAction.Release,
        AdminVerb.Delete => SenderAction.Delete,
        _ => null,
    };

    /// <summary>So that the sender's action addresses bounce at once, as after any decision.</summary>
    private static void MarkDone(RunContext context, TrackedMessage message, string outcome)
    {
        try
        {
            new DecisionSpool(context.Settings.SpoolDirectory, context.Log.Warning).MarkDone(message.Key, outcome);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Log.Warning($"{message.QueueId}: key={message.Key}: cannot mark it done in {context.Settings.SpoolDirectory}: {e.Message}");
        }
    }
}
