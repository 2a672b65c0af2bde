namespace PostTls.Queue;

/// <summary>
/// The names the admin commands print for a <see cref="FailureClass"/>, in JSON and in
/// Prometheus labels alike. Spelled out rather than derived from the enum, so that renaming a
/// member never changes what scripts and dashboards match on.
/// </summary>
internal static class FailureClassNames
{
    public static string Name(FailureClass failure) => failure switch
    {
        FailureClass.NotOffered => "not_offered",
        FailureClass.StartTlsRefused => "starttls_refused",
        FailureClass.HandshakeFailed => "handshake_failed",
        FailureClass.CertificateNotVerified => "certificate_not_verified",
        FailureClass.DaneFailed => "dane_failed",
        FailureClass.LocalTlsProblem => "local_tls_problem",
        _ => "none",
    };
}
