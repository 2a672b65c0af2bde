namespace PostTls.Sweep;

/// <summary>What the sweep does next for one open message.</summary>
internal enum PolicyStepKind
{
    /// <summary>Nothing is due.</summary>
    Wait,

    /// <summary>Every affected recipient is in a never-insecure domain: apply never_insecure_action.</summary>
    NeverInsecure,

    /// <summary>No notice yet: send the first one.</summary>
    Notify,

    /// <summary>A reminder step is due (<see cref="PolicyStep.Reminder"/> is its number, from 1).</summary>
    Remind,

    /// <summary>The decision time is over: apply default_action.</summary>
    Deadline,

    /// <summary>Verified mail with "TLS-Required: No", honoured: send it without encryption, without asking.</summary>
    ReleaseByHeader,

    /// <summary>Remembered choices of the sender cover some recipient domains (<see cref="PolicyStep.Choices"/>): send to those without asking.</summary>
    ReleaseByChoice,
}

/// <param name="Reminder">For <see cref="PolicyStepKind.Remind"/>: the number of the step that is due.</param>
/// <param name="Choices">For <see cref="PolicyStepKind.ReleaseByChoice"/>: the choices that apply, one per domain.</param>
internal readonly record struct PolicyStep(PolicyStepKind Kind, int Reminder = 0, IReadOnlyList<State.RememberedChoice>? Choices = null);
