namespace PostTls.Configuration;

/// <summary>What posttls does with a message on its own, when policy or a deadline says so.</summary>
internal enum PolicyAction
{
    /// <summary>postsuper -f: Postfix returns the message to its sender with the delay reason.</summary>
    Return,

    /// <summary>postsuper -d.</summary>
    Delete,

    /// <summary>postsuper -h: kept on hold for the administrator (held mail does not expire).</summary>
    Hold,

    /// <summary>Sent without encryption, as if the sender had chosen it (default_action only).</summary>
    Release,

    /// <summary>Nothing: Postfix keeps retrying until maximal_queue_lifetime.</summary>
    Leave,
}
