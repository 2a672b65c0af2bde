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
    /// <param name="choices">What the sender chose before being asked; null: nothing.</param>
    /// <param name="mayReleaseUnasked">False after a release of this message failed: then the sender is asked, as before.</param>
    public static PolicyStep Next(TrackedMessage message, IReadOnlyList<TrackedRecipient> affected,
        IReadOnlyList<TimeSpan> reminderSchedule, long now, StandingChoices? choices = null, bool mayReleaseUnasked = true)
    {
        if (affected.Count == 0)
        {
            return new PolicyStep(PolicyStepKind.Wait);
        }

        if (AllNeverInsecure(affected))
        {
            return new PolicyStep(PolicyStepKind.NeverInsecure);
        }

        // The sender's own choices, made before any notice: never for never-insecure
        // recipients (the release path leaves them out), never again after a failed release.
        if (choices is not null && mayReleaseUnasked)
        {
            if (choices.HonourTlsRequiredNo && message.TlsRequiredNo)
            {
                return new PolicyStep(PolicyStepKind.ReleaseByHeader);
            }

            var covering = choices.Covering(message, affected);
            if (covering.Count > 0)
            {
                return new PolicyStep(PolicyStepKind.ReleaseByChoice, Choices: covering);
            }
        }

        if (message.FirstNoticeAt is not { } firstNotice)
        {
            return new PolicyStep(PolicyStepKind.Notify);
        }

        if (message.Deadline is { } deadline && now >= deadline)
        {
            return new PolicyStep(PolicyStepKind.Deadline);
        }

        var due = 0;
        foreach (var step in reminderSchedule)
        {
            if (firstNotice + (long)step.TotalSeconds <= now)
            {
                due++;
            }
        }

        return due > message.RemindersSent
            ? new PolicyStep(PolicyStepKind.Remind, due)
            : new PolicyStep(PolicyStepKind.Wait);
    }

    // Loops, not LINQ: the policy runs for every open message at every sweep.
    private static bool AllNeverInsecure(IReadOnlyList<TrackedRecipient> affected)
    {
        foreach (var recipient in affected)
        {
            if (!recipient.NeverInsecure)
            {
                return false;
            }
        }

        return true;
    }
}
