using PostTls.Notify;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.Run;

/// <summary>
/// Tells a sender what became of a decision (carried out, refused, failed), through
/// <see cref="RunContext.SendMail"/>, which describes the mail instead in a dry run. Never
/// throws: a confirmation that cannot be written or handed on is logged, and the decision stands.
/// </summary>
internal sealed class Confirmations(RunContext context)
{
    /// <param name="by">Who decided: a remembered choice or a "TLS-Required: No" header makes the confirmation say so.</param>
    public void Send(TrackedMessage message, ConfirmationOutcome outcome, string? detail = null,
        IReadOnlyList<string>? released = null, IReadOnlyList<string>? kept = null, Actor? by = null)
    {
        var basis = by?.Kind switch
        {
            ActorKind.Choice => ReleaseBasis.Choice,
            ActorKind.Header => ReleaseBasis.Header,
            _ => ReleaseBasis.Asked,
        };
        var choices = outcome == ConfirmationOutcome.Released ? ChoicesBehind(message, basis, released ?? []) : [];
        Write(message.QueueId, message.Sender, new Confirmation(outcome, message.Sender, message.Subject, message.MessageIdHeader,
            released ?? [], kept ?? [], detail, basis, choices));
    }

    /// <summary>Tells <paramref name="sender"/> that the remembered choice was ended, as the sender asked.</summary>
    public void SendForgotten(string sender, RememberedChoice choice) =>
        Write("-", sender, new Confirmation(ConfirmationOutcome.Forgotten, sender, "", null, [], [], null, ReleaseBasis.Asked, [Note(sender, choice)]));

    /// <summary>
    /// The choices a confirmation names: for a release by remembered choice, those of the
    /// released domains; for a sender's own release, the ones this very message's notice made.
    /// </summary>
    private List<ChoiceNote> ChoicesBehind(TrackedMessage message, ReleaseBasis basis, IReadOnlyList<string> released)
    {
        if (basis == ReleaseBasis.Header)
        {
            return [];
        }

        var domains = released.Select(Addresses.EnvelopeAddress.Domain).ToHashSet(StringComparer.Ordinal);
        var sender = Addresses.EnvelopeAddress.Canonical(message.Sender);
        return new ChoiceStore(context.Database).Holding(context.Now)
            .Where(c => c.Sender == sender && domains.Contains(c.Domain) && (basis == ReleaseBasis.Choice || c.MessageId == message.Id))
            .Select(c => Note(message.Sender, c))
            .ToList();
    }

    private ChoiceNote Note(string sender, RememberedChoice choice) => new(
        choice.Domain,
        DateTimeOffset.FromUnixTimeSeconds(choice.MadeAt),
        DateTimeOffset.FromUnixTimeSeconds(choice.ExpiresAt),
        ActionTokens.CreateForgetLocalPart(context.Key, choice.Key, sender, DateTimeOffset.FromUnixTimeSeconds(choice.ExpiresAt)) + "@" + context.ActionDomain);

    private void Write(string queueId, string sender, Confirmation confirmation)
    {
        if (sender.Length == 0)
        {
            return; // the null sender cannot be told anything
        }

        byte[] mail;
        try
        {
            mail = context.Composer.ComposeConfirmation(confirmation);
        }
        catch (ArgumentException e)
        {
            // An address no mail can be written to: the decision stands, only the sender cannot hear of it.
            context.Log.Error($"{queueId}: cannot write the confirmation to <{sender}>: {e.Message}");
            return;
        }

        if (context.SendMail(sender, mail, $"would confirm to <{sender}>: {confirmation.Outcome}") is { } error)
        {
            context.Log.Error($"{queueId}: cannot send the confirmation to <{sender}>: {error}");
        }
    }
}
