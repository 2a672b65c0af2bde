namespace PostTls.Notify;

/// <summary>What a confirmation tells the sender after a decision mail was handled.</summary>
internal enum ConfirmationOutcome
{
    /// <summary>Sent without encryption to the listed recipients.</summary>
    Released,

    /// <summary>Deleted as asked.</summary>
    Deleted,

    /// <summary>A decision for the message was already made; this one changed nothing.</summary>
    AlreadyDecided,

    /// <summary>The message is no longer waiting (delivered, returned, expired or removed).</summary>
    NoLongerWaiting,

    /// <summary>Every recipient is in a never-insecure domain: nothing may be sent without encryption.</summary>
    NotAllowed,

    /// <summary>It could not be done; the reason is given.</summary>
    Failed,

    /// <summary>A remembered choice was ended by its sender (<see cref="Confirmation.Choices"/> names it).</summary>
    Forgotten,

    /// <summary>
    /// Accepted, but it could not be carried out (the release listener refused the copy, an
    /// address cannot be passed on, …): the message waits in the queue again, the reason is
    /// given, the administrator was told. <see cref="Confirmation.Recipients"/> lists who got a
    /// copy before it stopped, if anyone did.
    /// </summary>
    NotCarriedOut,
}

/// <summary>A confirmation about one message.</summary>
/// <param name="Recipients">For <see cref="ConfirmationOutcome.Released"/>: who got it without encryption.</param>
/// <param name="StillQueued">Recipients not released, who stay in the normal (encrypted) delivery.</param>
/// <param name="Basis">For <see cref="ConfirmationOutcome.Released"/>: why it went without encryption.</param>
/// <param name="Choices">The remembered choices the confirmation is about: that released it, that the sender just made, or that was forgotten.</param>
/// <param name="Detail">For <see cref="ConfirmationOutcome.AlreadyDecided"/>, <see cref="ConfirmationOutcome.Failed"/> and <see cref="ConfirmationOutcome.NotCarriedOut"/>.</param>
internal sealed record Confirmation(
    ConfirmationOutcome Outcome,
    string To,
    string OriginalSubject,
    string? OriginalMessageId,
    IReadOnlyList<string> Recipients,
    IReadOnlyList<string> StillQueued,
    string? Detail,
    ReleaseBasis Basis = ReleaseBasis.Asked,
    IReadOnlyList<ChoiceNote>? Choices = null);
