using PostTls.State;

namespace PostTls.Apply;

/// <summary>
/// The effects of a dry run: the commands that would act are written on the report, the spool
/// is left as it is, and the message is taken to be where the database says.
/// </summary>
internal sealed class DryRunDecisionEffects(TextWriter report) : IDecisionEffects
{
    public bool StillHolds(TrackedMessage message) => true;

    public bool StillHolds(QueueLook look, TrackedMessage message) => true;

    public bool? OnHold(QueueLook look, TrackedMessage message) => null;

    public void Hold(IReadOnlyList<TrackedMessage> messages)
    {
        foreach (var message in messages)
        {
            report.WriteLine($"would run postsuper -h {message.QueueId} ({AuditAction.For(Configuration.PolicyAction.Hold)})");
        }
    }

    public void Delete(IReadOnlyList<TrackedMessage> messages)
    {
        foreach (var message in messages)
        {
            report.WriteLine($"would run postsuper -d {message.QueueId}");
        }
    }

    public void Unhold(TrackedMessage message) => report.WriteLine($"would run postsuper -H {message.QueueId}");

    public void RemoveFile(string name)
    {
    }

    public string SetAside(string name) => "would be set aside";

    public void MarkDone(string messageKey, string outcome)
    {
    }
}
