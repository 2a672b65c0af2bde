namespace PostTls.Tagging;

/// <summary>The result of checking an action address's token.</summary>
internal enum TokenStatus
{
    Valid,

    /// <summary>Not an action local part of ours at all, or damaged.</summary>
    Malformed,

    /// <summary>Well-formed, but the MAC does not match (forged, altered, or another sender).</summary>
    Forged,

    /// <summary>Genuine, but past its expiry.</summary>
    Expired,
}
