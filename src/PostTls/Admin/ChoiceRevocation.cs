using PostTls.Cli;
using PostTls.Logging;
using PostTls.State;
using PostTls.Text;
using PostTls.Unix;

namespace PostTls.Admin;

/// <summary>
/// posttls choices revoke: ends remembered choices that hold, as admin:LOGIN, one audit row
/// (<see cref="AuditAction.ChoiceEnded"/>) and one log line each. The session holds the sweep
/// lock, so no sweep is using a choice while it ends: once this returns, the next sweep asks
/// the sender again.
/// </summary>
internal static class ChoiceRevocation
{
    /// <summary>How the mail log names the command (one word, as Postfix's program names are).</summary>
    public const string LogName = "choices";

    /// <returns>0 when revoked, or when what was named has ended already; 66 when nothing is known by that name.</returns>
    /// <exception cref="Problem">Nothing matched (exit status 66).</exception>
    public static int Run(AdminSession session, ChoiceSelection selection, bool dryRun, TextWriter output, TextWriter error)
    {
        var command = "posttls " + session.Command;
        var now = session.Now;
        var named = selection.Find(session.Choices, now);
        if (named.Count == 0)
        {
            throw new Problem($"{command}: no remembered choice {selection} is known to posttls (see posttls choices list --all)", ExitCodes.NoInput);
        }

        var holding = named.Where(c => c.HoldsAt(now)).ToList();
        if (holding.Count == 0)
        {
            // Asking again is not an error, as for a message that is already closed.
            var why = named.Count == 1 ? Ending(named[0], now) : $"all {named.Count} have ended or expired";
            output.WriteLine($"{command}: no remembered choice {selection} holds any more ({why}); nothing to do");
            return ExitCodes.Ok;
        }

        var actor = Actor.Admin(AdminActor.Login(session.Host.Variable));
        var revoked = new List<RememberedChoice>();
        using (var transaction = session.Database.BeginTransaction())
        {
            foreach (var choice in holding)
            {
                if (!session.Choices.End(choice.Id, actor, now))
                {
                    continue; // its sender forgot it a moment ago
                }

                session.Messages.Audit(now, choice.MessageId, null, actor, AuditAction.ChoiceEnded,
                    $"revoked by the administrator: {choice.Domain} for {choice.Sender}");
                revoked.Add(choice);
            }

            if (!dryRun)
            {
                transaction.Commit();
            }
        }

        var log = dryRun ? null : MailLog.For(LogName, session.Settings, session.Host.Clock, error, echo: error);
        foreach (var c in revoked)
        {
            output.WriteLine($"{command}: {(dryRun ? "would revoke" : "revoked")} {c.Key}: {SafeText.Clean(c.Domain)} for {SafeText.Clean(c.Sender)}"
                + $" ({ChoiceList.ScopeWords(c.Scope)}, made {HumanText.Time(c.MadeAt)}, {Uses(c.Uses)}, held until {HumanText.Time(c.ExpiresAt)})");
            log?.Info($"remembered choice {c.Key} revoked by {actor}: {c.Domain} for {c.Sender}");
        }

        if (dryRun)
        {
            output.WriteLine($"{command}: dry run, nothing changed");
        }

        return ExitCodes.Ok;
    }

    private static string Uses(int uses) => uses == 1 ? "used once" : $"used {uses} times";

    /// <summary>How a choice that no longer holds came to its end, for the administrator.</summary>
    private static string Ending(RememberedChoice choice, long now) => ChoiceList.StateName(choice, now) switch
    {
        ChoiceList.Expired => $"it expired at {HumanText.Time(choice.ExpiresAt)}",
        var state => $"it was {(state == ChoiceList.Ended ? "ended" : state)} by {SafeText.Clean(choice.EndedBy?.Text)} at {HumanText.Time(choice.EndedAt ?? now)}",
    };
}
