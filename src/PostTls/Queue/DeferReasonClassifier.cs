namespace PostTls.Queue;

/// <summary>
/// Classifies smtp(8) delay reasons by substring (qmgr may prepend "delivery temporarily
/// suspended: "), following the texts listed in postfix-facts.md.
/// </summary>
/// <remarks>
/// <para>Matching is ordinal and case-sensitive: these are Postfix's own texts, written by
/// smtp(8) itself, never by a person. Only texts of smtp(8)'s mandatory-TLS checks count;
/// everything else — connection refused or timed out, "lost connection with … while
/// performing the TLS handshake" (a network or server failure at any TLS level), a server's
/// 4xx reply — is <see cref="TlsFailure.NotTls"/>, because routing around TLS would not fix
/// it.</para>
/// <para>Text after "<c> said: </c>" (as in "host mx[192.0.2.1] said: 450 …") or after
/// "<c>refused to start TLS: </c>" is the remote server's reply. It is never searched for
/// Postfix's texts: a next-hop relay reporting "Server certificate not verified" about its
/// own next hop is not our TLS failure, and releasing the mail to it would not help.</para>
/// <para>REQUIRETLS failures ("REQUIRETLS Failure: sender requested REQUIRETLS, but …")
/// are not TLS failures here either: the sender asked for TLS (RFC 8689), so sending the
/// mail without it would break the sender's own requirement.</para>
/// </remarks>
internal static class DeferReasonClassifier
{
    private const string RemoteReplyMarker = " said: ";
    private const string StartTlsRefusedPrefix = "TLS is required, but host ";
    private const string StartTlsRefusedMiddle = " refused to start TLS: ";
    private const string NotOfferedPrefix = "TLS is required, but was not offered by host ";

    private static readonly string[] RequireTlsTexts =
    [
        "REQUIRETLS Failure",
        "requested REQUIRETLS",
    ];

    // Before the "TLS is required, but …" texts that name a host: these share the opening.
    private static readonly string[] LocalTlsProblemTexts =
    [
        "TLS is required, but our TLS engine is unavailable",
        "TLS is required, but unavailable",
        "client TLS configuration problem",
    ];

    private static readonly string[] HandshakeTexts =
    [
        "Cannot start TLS: handshake failure",
    ];

    private static readonly string[] CertificateTexts =
    [
        "Server certificate not verified",
        "Server certificate not trusted",
    ];

    private static readonly string[] DaneTexts =
    [
        "TLSA lookup error for",
        "no TLSA records found",
        "TLSA records unusable",
        "non DNSSEC destination",
    ];

    /// <summary>
    /// Classifies one recipient's delay reason. <see cref="TlsFailure.Host"/> is set for
    /// "not offered" and "refused to start TLS" (where Postfix names it as
    /// <c>name[address]</c>); the other texts do not name the host ("TLSA lookup error for
    /// host:port" names a DNS name and port, not a <c>name[address]</c>), so it stays null.
    /// </summary>
    /// <param name="delayReason">The <c>delay_reason</c> of <c>postqueue -j</c>; empty (not tried yet) gives <see cref="TlsFailure.NotTls"/>.</param>
    public static TlsFailure Classify(string delayReason)
    {
        if (string.IsNullOrEmpty(delayReason))
        {
            return TlsFailure.NotTls;
        }

        var local = LocalPart(delayReason);

        if (ContainsAny(local, RequireTlsTexts))
        {
            return TlsFailure.NotTls;
        }

        if (ContainsAny(local, LocalTlsProblemTexts))
        {
            return new TlsFailure(FailureClass.LocalTlsProblem, null, null);
        }

        if (TryStartTlsRefused(delayReason, local.Length, out var refused))
        {
            return refused;
        }

        var notOffered = local.IndexOf(NotOfferedPrefix, StringComparison.Ordinal);
        if (notOffered >= 0)
        {
            var host = HostToken(local[(notOffered + NotOfferedPrefix.Length)..]);
            return new TlsFailure(FailureClass.NotOffered, host, null);
        }

        if (ContainsAny(local, HandshakeTexts))
        {
            return new TlsFailure(FailureClass.HandshakeFailed, null, null);
        }

        if (ContainsAny(local, CertificateTexts))
        {
            return new TlsFailure(FailureClass.CertificateNotVerified, null, null);
        }

        if (ContainsAny(local, DaneTexts))
        {
            return new TlsFailure(FailureClass.DaneFailed, null, null);
        }

        return TlsFailure.NotTls;
    }

    /// <summary>
    /// The part of the text Postfix wrote itself: up to the first remote reply, which follows
    /// " said: " or "refused to start TLS: " (the latter is kept, it is Postfix's).
    /// </summary>
    private static ReadOnlySpan<char> LocalPart(string text)
    {
        var end = text.Length;
        var said = text.IndexOf(RemoteReplyMarker, StringComparison.Ordinal);
        if (said >= 0)
        {
            end = said;
        }

        var refused = text.AsSpan(0, end).IndexOf(StartTlsRefusedMiddle, StringComparison.Ordinal);
        if (refused >= 0)
        {
            end = refused + StartTlsRefusedMiddle.Length;
        }

        return text.AsSpan(0, end);
    }

    /// <summary>"TLS is required, but host %s refused to start TLS: %s".</summary>
    private static bool TryStartTlsRefused(string text, int localLength, out TlsFailure failure)
    {
        failure = TlsFailure.NotTls;
        var local = text.AsSpan(0, localLength);
        var start = local.IndexOf(StartTlsRefusedPrefix, StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        var hostStart = start + StartTlsRefusedPrefix.Length;
        var middle = local[hostStart..].IndexOf(StartTlsRefusedMiddle, StringComparison.Ordinal);
        if (middle < 0)
        {
            return false;
        }

        // A host name contains no blanks; if it seems to, this is some other text.
        var host = local.Slice(hostStart, middle);
        if (host.IsEmpty || host.ContainsAny(' ', '\t'))
        {
            return false;
        }

        var reply = text[(hostStart + middle + StartTlsRefusedMiddle.Length)..];
        failure = new TlsFailure(FailureClass.StartTlsRefused, HostToken(host), reply);
        return true;
    }

    /// <summary>
    /// The host at the start of <paramref name="text"/> up to the first blank, when it has
    /// Postfix's <c>name[address]</c> form; otherwise null (the class still stands).
    /// </summary>
    private static string? HostToken(ReadOnlySpan<char> text)
    {
        var blank = text.IndexOfAny(' ', '\t');
        var token = blank >= 0 ? text[..blank] : text;
        // One '[' after a non-empty name, one ']' at the end, a non-empty address between.
        var open = token.IndexOf('[');
        var close = token.IndexOf(']');
        if (open < 1 || close != token.Length - 1 || close - open < 2 || token.Count('[') != 1)
        {
            return null;
        }

        return token.ToString();
    }

    private static bool ContainsAny(ReadOnlySpan<char> text, string[] needles)
    {
        foreach (var needle in needles)
        {
            if (text.Contains(needle, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
