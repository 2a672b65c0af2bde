namespace PostTls.Tagging;

/// <summary>What a message's <c>X-PostTLS-ID</c> is worth (see <see cref="MessageTag.Check"/>). Only <see cref="Valid"/> counts.</summary>
internal enum TagStatus
{
    /// <summary>Made by our filter for this envelope sender, recently enough.</summary>
    Valid,

    /// <summary>Not shaped like a tag at all.</summary>
    Malformed,

    /// <summary>Shaped like one, but the MAC does not verify for this envelope sender: forged, or copied onto another sender's mail.</summary>
    Invalid,

    /// <summary>A genuine tag, older than the bound the caller allows.</summary>
    TooOld,

    /// <summary>A genuine tag whose creation time lies ahead of the clock (the clock was set back).</summary>
    FromTheFuture,

    /// <summary>A genuine tag of the first format, which bound nothing but its ID (see README, upgrading).</summary>
    Legacy,
}
