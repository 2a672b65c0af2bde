namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// A remote that offers STARTTLS with a self-signed certificate, and a domain routed to it
/// with smtp_tls_security_level = verify: every message for it is deferred because the
/// certificate cannot be verified, in the words of the Postfix version at hand.
/// </summary>
public sealed partial class PostfixTestBed
{
    /// <summary>Routed with verify to <see cref="CertificatePort"/>.</summary>
    public const string CertificateDomain = "cert.test";

    /// <summary>An smtpd of this instance with TLS and a certificate no CA vouches for; mail never reaches it.</summary>
    public int CertificatePort { get; } = FreePort();

    /// <summary>The master.cf lines: the remote, and the verifying client.</summary>
    private string CertificateServices()
    {
        var key = Path.Combine(Etc, "remote-key.pem");
        var certificate = Path.Combine(Etc, "remote-cert.pem");
        Command.Run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + CertificateDomain,
            "-keyout", key, "-out", certificate).EnsureSuccess("openssl req (the remote's certificate)");
        return $"""
            127.0.0.1:{CertificatePort} inet n - n - - smtpd
              -o syslog_name=postfix/cert-remote
              -o smtpd_tls_security_level=may
              -o smtpd_tls_cert_file={certificate}
              -o smtpd_tls_key_file={key}
              -o content_filter=remote-mailbox:
            verify-smtp unix - - n - - smtp
              -o smtp_tls_security_level=verify

            """;
    }
}
