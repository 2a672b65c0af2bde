using PostTls.Notify;
using PostTls.State;

namespace PostTls.Run;

/// <summary>
/// Tells a sender what became of a decision (carried out, refused, failed), through
/// <see cref="RunContext.SendMail"/>, which describes the mail instead in a dry run. Never
/// throws: a confirmation that cannot be written or handed on is logged, and the decision stands.
/// </summary>
internal sealed class Confirmations(RunContext context)
{
    public void Send(TrackedMessage message, ConfirmationOutcome outcome, string? detail = null,
        IReadOnlyList<string>? released = null, IReadOnlyList<string>? kept = null)
    {
        if (message.Sender.Length == 0)
        {
            return; // the null sender cannot be told anything
        }

        byte[] mail;
        try
        {
            mail = context.Composer.ComposeConfirmation(new Confirmation(outcome, message.Sender, message.Subject, message.MessageIdHeader,
                released ?? [], kept ?? [], detail));
        }
        catch (ArgumentException e)
        {
            // An address no mail can be written to: the decision stands, only the sender cannot hear of it.
            context.Log.Error($"{message.QueueId}: cannot write the confirmation to <{message.Sender}>: {e.Message}");
            return;
        }

        if (context.SendMail(message.Sender, mail, $"would confirm to <{message.Sender}>: {outcome}") is { } error)
        {
            context.Log.Error($"{message.QueueId}: cannot send the confirmation to <{message.Sender}>: {error}");
        }
    }
}
