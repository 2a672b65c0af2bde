using System.Globalization;
using PostTls.Run;
using PostTls.Spool;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.Apply;

/// <summary>
/// The two decision files about remembered choices: "do the same for this domain", taken
/// with the release it comes with, and "forget". Decide checked the token; here the domain is
/// found among the message's own recipients, and a choice is ended only for its own sender.
/// </summary>
internal sealed class ChoiceIntake(RunContext context, Confirmations confirmations)
{
    private readonly ChoiceStore _choices = new(context.Database);

    /// <summary>Remembers the choice the release <paramref name="request"/> came with (the release itself is already accepted).</summary>
    public void Remember(TrackedMessage message, DecisionFile request)
    {
        if (context.Settings.RememberChoiceTime <= TimeSpan.Zero || message.Tag is null)
        {
            context.Log.Warning($"{message.QueueId}: key={message.Key}: a choice for further messages is not remembered "
                + (message.Tag is null ? "for untagged mail" : "(remember_choice_time = 0)") + "; this message is sent as asked");
            return;
        }

        var neverInsecure = new DomainStore(context.Database).Matcher();
        var byDomain = context.Store.Recipients(message.Id)
            .GroupBy(r => Addresses.EnvelopeAddress.Domain(r.Address), StringComparer.Ordinal)
            .Where(g => ActionTokens.DomainDigest(context.Key, g.Key) == request.DomainDigest)
            .ToList();
        if (byDomain.Count != 1 || neverInsecure.Matches(byDomain[0].Key) || ChoiceScopes.Of(byDomain[0].Select(r => r.Failure)) == ChoiceScope.None)
        {
            context.Log.Warning($"{message.QueueId}: key={message.Key}: the domain of the choice is not among the message's recipients "
                + "that may be sent without encryption; no choice remembered, this message is sent as asked");
            return;
        }

        var domain = byDomain[0].Key;
        var scope = ChoiceScopes.Of(byDomain[0].Select(r => r.Failure));
        var sender = Addresses.EnvelopeAddress.Canonical(message.Sender);
        var choice = _choices.Remember(sender, domain, scope, context.Now, context.Now + (long)context.Settings.RememberChoiceTime.TotalSeconds, message.Id);
        var until = DateTimeOffset.FromUnixTimeSeconds(choice.ExpiresAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        context.Store.Audit(context.Now, message.Id, message.QueueId, Actor.Sender(message.Sender), AuditAction.ChoiceRemembered,
            $"{domain} ({ChoiceScopes.Text(choice.Scope)}) until {until} UTC");
        context.Log.Info($"{message.QueueId}: key={message.Key}, <{message.Sender}> chose to send to {domain} without encryption until {until} UTC ({ChoiceScopes.Text(choice.Scope)})");
    }

    /// <summary>Ends the choice a forget address names, when it is the sender's own; tells the sender.</summary>
    public void Forget(string file, DecisionFile request)
    {
        var choice = _choices.FindByKey(request.MessageKey);
        if (choice is null || !Addresses.EnvelopeAddress.Same(choice.Sender, request.Sender))
        {
            context.Log.Warning($"{file}: no remembered choice {request.MessageKey} of <{request.Sender}>; ignored");
            return;
        }

        if (context.DryRun)
        {
            context.Report.WriteLine($"would forget the choice of <{choice.Sender}> for {choice.Domain}");
            return;
        }

        if (!_choices.End(choice.Id, Actor.Sender(request.Sender), context.Now))
        {
            context.Log.Info($"remembered choice of <{choice.Sender}> for {choice.Domain} had ended already; nothing to do");
            return;
        }

        context.Store.Audit(context.Now, choice.MessageId, null, Actor.Sender(request.Sender), AuditAction.ChoiceEnded,
            $"{choice.Domain} for <{choice.Sender}>: forgotten by its sender");
        context.Log.Info($"remembered choice of <{choice.Sender}> for {choice.Domain} forgotten by its sender");
        confirmations.SendForgotten(request.Sender, choice);
    }
}
