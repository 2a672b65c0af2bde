namespace PostTls.Notify;

/// <summary>What an administrator's alert is about; one mail covers one kind.</summary>
internal enum AdminAlertKind
{
    /// <summary>Mail stuck because TLS fails on this server's own side.</summary>
    LocalTls,

    /// <summary>A queue entry that carries the X-PostTLS-ID of another message: a copied tag.</summary>
    TagReused,
}
