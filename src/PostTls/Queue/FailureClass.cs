namespace PostTls.Queue;

/// <summary>Why a recipient's delivery failed, as far as PostTLS cares.</summary>
internal enum FailureClass
{
    /// <summary>Not a TLS failure (or not tried yet).</summary>
    None,

    /// <summary>"TLS is required, but was not offered by host …".</summary>
    NotOffered,

    /// <summary>"TLS is required, but host … refused to start TLS: …" (the reply is kept).</summary>
    StartTlsRefused,

    /// <summary>"Cannot start TLS: handshake failure".</summary>
    HandshakeFailed,

    /// <summary>"Server certificate not verified" / "not trusted".</summary>
    CertificateNotVerified,

    /// <summary>DANE/TLSA lookups or records unusable, non-DNSSEC destination.</summary>
    DaneFailed,

    /// <summary>Our own TLS engine or client configuration: an administrator's problem, never the sender's.</summary>
    LocalTlsProblem,
}
