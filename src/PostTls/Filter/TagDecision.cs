namespace PostTls.Filter;

/// <summary>Whether a message gets our tag, and if not, why (for the log line).</summary>
internal enum TagDecision
{
    Tag,
    NullSender,
    AutoSubmitted,
    HeaderTooLarge,

    /// <summary>The header block starts with a continuation line; a tag on top would absorb it.</summary>
    MalformedHeader,
}
