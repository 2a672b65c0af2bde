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

    /// <summary>Whether the message sits in the hold queue; null when postcat cannot say, and in a dry run, which records nothing.</summary>
    bool? OnHold(TrackedMessage message);

    /// <summary>postsuper -d, when the queue ID still holds the message: deleting what is gone is done already.</summary>
    /// <exception cref="Postfix.PostfixException">postsuper -d failed, or whether the message is there cannot be told.</exception>
    void Delete(TrackedMessage message);

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
