using System.Globalization;
using PostTls.Run;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.Sweep;

/// <summary>
/// What the sweep does with the choices a sender made before being asked: ends a remembered
/// choice whose domain became never-insecure, and carries out a release by remembered choice
/// or by "TLS-Required: No" on the same path as a sender's "send without encryption" (which
/// leaves never-insecure recipients out, and confirms to the sender).
/// </summary>
internal sealed class ChoiceRules(RunContext context)
{
    private readonly ChoiceStore _choices = new(context.Database);

    /// <summary>The choices that hold now; one whose domain is never-insecure now ends here, audited.</summary>
    public IReadOnlyList<RememberedChoice> Holding(DomainMatcher neverInsecure)
    {
        var holding = new List<RememberedChoice>();
        foreach (var choice in _choices.Holding(context.Now))
        {
            if (!neverInsecure.Matches(choice.Domain))
            {
                holding.Add(choice);
                continue;
            }

            if (!context.DryRun && _choices.End(choice.Id, Actor.Sweep, context.Now))
            {
                context.Store.Audit(context.Now, choice.MessageId, null, Actor.Sweep, AuditAction.ChoiceEnded,
                    $"{choice.Domain} for <{choice.Sender}>: the domain is never-insecure now");
                context.Log.Info($"remembered choice of <{choice.Sender}> for {choice.Domain} ended: the domain is never-insecure now");
            }
        }

        return holding;
    }

    /// <returns>True when the release was carried out in this run.</returns>
    public bool Release(TrackedMessage message, PolicyStep step, IDecisionPath path)
    {
        if (step.Kind == PolicyStepKind.ReleaseByHeader)
        {
            const string Why = "by its \"TLS-Required: No\" header field (honour_tls_required_no = yes)";
            context.Store.Audit(context.Now, message.Id, message.QueueId, Actor.Header(message.Sender), AuditAction.ChoiceUsed, Why);
            context.Log.Info($"{message.QueueId}: key={message.Key}, sent without encryption {Why}");
            return path.Decide(message, SenderAction.Release, Actor.Header(message.Sender), why: Why);
        }

        var used = step.Choices!;
        var why = "by remembered choice of " + string.Join(", ", used.Select(c =>
            $"{DateTimeOffset.FromUnixTimeSeconds(c.MadeAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} for {c.Domain}"));
        foreach (var choice in used)
        {
            if (!context.DryRun)
            {
                _choices.CountUse(choice.Id);
            }

            context.Store.Audit(context.Now, message.Id, message.QueueId, Actor.Choice(message.Sender), AuditAction.ChoiceUsed,
                $"{choice.Domain} ({ChoiceScopes.Text(choice.Scope)}), holds until {DateTimeOffset.FromUnixTimeSeconds(choice.ExpiresAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC");
        }

        context.Log.Info($"{message.QueueId}: key={message.Key}, sent without encryption {why}");
        return path.Decide(message, SenderAction.Release, Actor.Choice(message.Sender), used.Select(c => c.Domain).ToList(), why);
    }
}
