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

    public bool? OnHold(TrackedMessage message) =>
        new MessageDetailsReader(context.Queue, context.Log).ReadOne(message.QueueId) is { } details ? details.QueueName == "hold" : null;

    public void Delete(TrackedMessage message)
    {
        if (_actions.StillHolds(message))
        {
            Postsuper("-d", message);
        }
    }

    public void Unhold(TrackedMessage message) => Postsuper("-H", message);

    public void RemoveFile(string name) => spool.Remove(name);

    public string SetAside(string name) => spool.SetAside(name);

    public void MarkDone(string messageKey, string outcome) => spool.MarkDone(messageKey, outcome);

    private void Postsuper(string option, TrackedMessage message)
    {
        var result = context.Queue.Postsuper(option, message.QueueId);
        if (!result.Succeeded)
        {
            throw new PostfixException($"postsuper {option} {message.QueueId} failed: {result.FirstErrorLine}");
        }
    }
}
