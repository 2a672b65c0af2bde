using PostTls.State;

namespace PostTls.Apply;

/// <summary>
/// What carrying out a decision changes outside the process, apart from the copies and the
/// mail it hands on (<see cref="ReleaseSubmitter"/>): the original in the queue and the files
/// in the spool. A dry run is given <see cref="DryRunDecisionEffects"/>, which describes on the
/// report instead, so the steps and the intake need no dry-run branches of their own.
/// </summary>
internal interface IDecisionEffects
{
    /// <summary>Whether the queue ID still holds the message (QueueActions.StillHolds); a dry run assumes it does.</summary>
    /// <exception cref="Postfix.PostfixException">Whether the message is there cannot be told.</exception>
    bool StillHolds(TrackedMessage message);

    /// <summary>The same, as <paramref name="look"/> saw it (one postcat for many messages).</summary>
    /// <exception cref="Postfix.PostfixException">Whether the message is there cannot be told.</exception>
    bool StillHolds(QueueLook look, TrackedMessage message);

    /// <summary>Whether the message sat in the hold queue when <paramref name="look"/> was taken; null when postcat could not say, and in a dry run, which records nothing.</summary>
    bool? OnHold(QueueLook look, TrackedMessage message);

    /// <summary>
    /// One postsuper -h for all <paramref name="messages"/> (per 100), each checked with
    /// <see cref="StillHolds(QueueLook, TrackedMessage)"/> right before; holding a held message changes nothing.
    /// </summary>
    /// <exception cref="Postfix.PostfixException">postsuper -h failed; some may be held, which the next run does again.</exception>
    void Hold(IReadOnlyList<TrackedMessage> messages);

    /// <summary>
    /// One postsuper -d for all <paramref name="messages"/> (per 100), each checked with
    /// <see cref="StillHolds(QueueLook, TrackedMessage)"/> right before: deleting what is gone is done already.
    /// </summary>
    /// <exception cref="Postfix.PostfixException">postsuper -d failed; some may be deleted, which the next run finds.</exception>
    void Delete(IReadOnlyList<TrackedMessage> messages);

    /// <summary>postsuper -H.</summary>
    /// <exception cref="Postfix.PostfixException">postsuper -H failed.</exception>
    void Unhold(TrackedMessage message);

    /// <summary>Removes a decision file that was taken, or was taken before.</summary>
    void RemoveFile(string name);

    /// <summary>Moves a spool entry that cannot be read out of the way.</summary>
    /// <returns>What became of it, for the log line.</returns>
    string SetAside(string name);

    /// <summary>Marks the message's decision as carried out in the spool, so decide bounces a replay at once.</summary>
    void MarkDone(string messageKey, string outcome);
}
