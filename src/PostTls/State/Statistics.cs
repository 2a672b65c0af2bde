using PostTls.Queue;

namespace PostTls.State;

/// <summary>What posttls stats reports; every count is over the whole database.</summary>
/// <param name="WaitingRecipientsByFailure">Affected recipients of messages that are not closed: what is stuck now.</param>
/// <param name="NotificationsByKind">By <see cref="NotificationKind.Series"/>: reminder-N counted as reminder, so the label set stays small.</param>
/// <param name="Decisions">By action (release, delete, return) and <see cref="Actor.KindName"/> (sender, admin; choice and header once they decided).</param>
/// <param name="DecisionSeconds">From the first notice to each decision, sorted; decisions on messages without a notice are left out.</param>
/// <param name="ChoicesHolding">Remembered choices that hold now (<see cref="RememberedChoice.HoldsAt"/>).</param>
/// <param name="ChoicesMade">Remembered choices ever made, ended and expired ones included (a renewal is no new choice).</param>
internal sealed record Statistics(
    IReadOnlyDictionary<MessageState, long> MessagesByState,
    IReadOnlyDictionary<FailureClass, long> WaitingRecipientsByFailure,
    IReadOnlyDictionary<string, long> NotificationsByKind,
    IReadOnlyList<(string Action, string By, long Count)> Decisions,
    IReadOnlyList<long> DecisionSeconds,
    long ChoicesHolding,
    long ChoicesMade)
{
    /// <summary>The median of <see cref="DecisionSeconds"/>; null when there is none.</summary>
    public double? MedianDecisionSeconds => DecisionSeconds.Count switch
    {
        0 => null,
        var n when n % 2 == 1 => DecisionSeconds[n / 2],
        var n => (DecisionSeconds[n / 2 - 1] + DecisionSeconds[n / 2]) / 2.0,
    };
}
