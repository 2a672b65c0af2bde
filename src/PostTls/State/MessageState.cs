namespace PostTls.State;

/// <summary>Where a tracked message stands. Stored as lower-case text.</summary>
internal enum MessageState
{
    /// <summary>Internal mail stuck for TLS: the sender is (to be) notified and may decide.</summary>
    Open,

    /// <summary>Stuck for TLS, but not submitted through the filter: shown to the admin, sender not notified.</summary>
    Untagged,

    /// <summary>Not ours to notify about: bounces, our own notices, automatic mail.</summary>
    Ignored,

    /// <summary>Stuck because of our own TLS side: the administrator was alerted.</summary>
    Admin,

    /// <summary>A decision (the sender's or an administrator's) is being carried out.</summary>
    Deciding,

    /// <summary>Put on hold by posttls (never_insecure_action = hold).</summary>
    Held,

    /// <summary>Done: see the outcome.</summary>
    Closed,
}
