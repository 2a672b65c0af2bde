using PostTls.Tagging;

namespace PostTls.State;

/// <summary>A decision being carried out, and how far it got (<see cref="DecisionStep"/>).</summary>
internal sealed record DecisionRecord(long Id, long MessageId, SenderAction Action, Actor DecidedBy, long DecidedAt, DecisionStep Step);

/// <summary>
/// The steps of carrying out a decision, each written before the next starts, so that a run
/// killed anywhere is finished by the next one.
/// </summary>
internal enum DecisionStep
{
    Accepted,

    /// <summary>Release: the original is on hold.</summary>
    Held,

    /// <summary>Release: the groups per next hop are recorded.</summary>
    Planned,

    /// <summary>Release: every group was accepted by the release listener.</summary>
    Submitted,

    /// <summary>The original was removed from the queue.</summary>
    Deleted,

    /// <summary>Finished: closed, audited, sender told.</summary>
    Done,

    /// <summary>Could not be carried out; the sender was told why.</summary>
    Failed,
}
