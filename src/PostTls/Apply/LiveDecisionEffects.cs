using PostTls.Postfix;
using PostTls.Run;
using PostTls.Spool;
using PostTls.State;

namespace PostTls.Apply;

/// <summary>The effects of a real run: postsuper on the original, the spool changed.</summary>
internal sealed class LiveDecisionEffects(RunContext context, DecisionSpool spool) : IDecisionEffects
{
    private readonly QueueActions _actions = new(context);

    public bool StillHolds(TrackedMessage message) => _actions.StillHolds(message);

    public bool StillHolds(QueueLook look, TrackedMessage message) => look.Holds(message);

    public bool? OnHold(QueueLook look, TrackedMessage message) => look.Details(message) is { } details ? details.QueueName == "hold" : null;

    public void Hold(IReadOnlyList<TrackedMessage> messages) => Postsuper("-h", messages);

    public void Delete(IReadOnlyList<TrackedMessage> messages) => Postsuper("-d", messages);

    public void Unhold(TrackedMessage message) => Postsuper("-H", [message]);

    public void RemoveFile(string name) => spool.Remove(name);

    public string SetAside(string name) => spool.SetAside(name);

    public void MarkDone(string messageKey, string outcome) => spool.MarkDone(messageKey, outcome);

    /// <summary>One postsuper run per 100 messages, as postcat reads them: the command line stays short.</summary>
    private void Postsuper(string option, IReadOnlyList<TrackedMessage> messages)
    {
        foreach (var batch in messages.Select(m => m.QueueId).Distinct(StringComparer.Ordinal).Chunk(MessageDetailsReader.BatchSize))
        {
            var result = context.Queue.Postsuper(option, batch);
            if (!result.Succeeded)
            {
                var ids = batch.Length == 1 ? batch[0] : $"{batch[0]} and {batch.Length - 1} more";
                throw new PostfixException($"postsuper {option} {ids} failed: {result.FirstErrorLine}");
            }
        }
    }
}
