using PostTls.State;

namespace PostTls.Sweep;

/// <summary>
/// The sweep's rules for one open message, as a pure function of its state and the time, so
/// they can be tested without a queue. However often the sweep runs, each step happens once:
/// reminders are counted, and a step missed while the sweep was not running is not replayed
/// (only the latest due reminder is sent).
/// </summary>
internal static class Policy
{
    public static PolicyStep Next(TrackedMessage message, IReadOnlyList<TrackedRecipient> affected,
        IReadOnlyList<TimeSpan> reminderSchedule, long now)
    {
        if (affected.Count == 0)
        {
            return new PolicyStep(PolicyStepKind.Wait);
        }

        if (affected.All(r => r.NeverInsecure))
        {
            return new PolicyStep(PolicyStepKind.NeverInsecure);
        }

        if (message.FirstNoticeAt is not { } firstNotice)
        {
            return new PolicyStep(PolicyStepKind.Notify);
        }

        if (message.Deadline is { } deadline && now >= deadline)
        {
            return new PolicyStep(PolicyStepKind.Deadline);
        }

        var due = reminderSchedule.Count(step => firstNotice + (long)step.TotalSeconds <= now);
        return due > message.RemindersSent
            ? new PolicyStep(PolicyStepKind.Remind, due)
            : new PolicyStep(PolicyStepKind.Wait);
    }
}
