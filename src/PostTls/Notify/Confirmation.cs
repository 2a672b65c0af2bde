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
}

/// <summary>A confirmation about one message.</summary>
/// <param name="Recipients">For <see cref="ConfirmationOutcome.Released"/>: who got it without encryption.</param>
/// <param name="StillQueued">Recipients not released, who stay in the normal (encrypted) delivery.</param>
/// <param name="Detail">For <see cref="ConfirmationOutcome.AlreadyDecided"/> and <see cref="ConfirmationOutcome.Failed"/>.</param>
internal sealed record Confirmation(
    ConfirmationOutcome Outcome,
    string To,
    string OriginalSubject,
    string? OriginalMessageId,
    IReadOnlyList<string> Recipients,
    IReadOnlyList<string> StillQueued,
    string? Detail);
