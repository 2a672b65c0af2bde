using PostTls.Queue;

namespace PostTls.Tests.Queue;

public sealed class DeferReasonClassifierTests
{
    private const string Suspended = "delivery temporarily suspended: ";

    /// <summary>
    /// Each text of postfix-facts.md, as smtp(8) writes it, with the expected class (by name:
    /// the enum is internal) and host.
    /// </summary>
    public static TheoryData<string, string, string?> PostfixTexts => new()
    {
        { "TLS is required, but was not offered by host mx.example.com[192.0.2.1]", nameof(FailureClass.NotOffered), "mx.example.com[192.0.2.1]" },
        { "TLS is required, but was not offered by host 127.0.0.1[127.0.0.1]", nameof(FailureClass.NotOffered), "127.0.0.1[127.0.0.1]" },
        { "TLS is required, but was not offered by host mx.example.com[2001:db8::25]", nameof(FailureClass.NotOffered), "mx.example.com[2001:db8::25]" },
        { "TLS is required, but was not offered by host unknown[198.51.100.7]", nameof(FailureClass.NotOffered), "unknown[198.51.100.7]" },
        { "Cannot start TLS: handshake failure", nameof(FailureClass.HandshakeFailed), null },
        { "Server certificate not verified", nameof(FailureClass.CertificateNotVerified), null },
        { "Server certificate not trusted", nameof(FailureClass.CertificateNotVerified), null },
        { "TLSA lookup error for mx.example.com:25", nameof(FailureClass.DaneFailed), null },
        { "no TLSA records found", nameof(FailureClass.DaneFailed), null },
        { "TLSA records unusable", nameof(FailureClass.DaneFailed), null },
        { "non DNSSEC destination", nameof(FailureClass.DaneFailed), null },
        { "TLS is required, but our TLS engine is unavailable", nameof(FailureClass.LocalTlsProblem), null },
        { "TLS is required, but unavailable", nameof(FailureClass.LocalTlsProblem), null },
        { "client TLS configuration problem", nameof(FailureClass.LocalTlsProblem), null },
    };

    [Theory]
    [MemberData(nameof(PostfixTexts))]
    public void Classify_PostfixText_IsClassified(string text, string expected, string? host)
    {
        AssertFailure(DeferReasonClassifier.Classify(text), expected, host, null);
    }

    [Theory]
    [MemberData(nameof(PostfixTexts))]
    public void Classify_SuspendedPrefix_IsClassifiedTheSame(string text, string expected, string? host)
    {
        AssertFailure(DeferReasonClassifier.Classify(Suspended + text), expected, host, null);
    }

    [Theory]
    [MemberData(nameof(PostfixTexts))]
    public void Classify_DsnPrefix_IsClassifiedTheSame(string text, string expected, string? host)
    {
        AssertFailure(DeferReasonClassifier.Classify("4.7.5 " + text), expected, host, null);
        AssertFailure(DeferReasonClassifier.Classify(Suspended + "4.7.4 " + text), expected, host, null);
    }

    [Theory]
    [InlineData(
        "TLS is required, but host mx.example.com[192.0.2.1] refused to start TLS: 454 4.7.0 TLS not available due to local problem",
        "mx.example.com[192.0.2.1]", "454 4.7.0 TLS not available due to local problem")]
    [InlineData(
        "delivery temporarily suspended: TLS is required, but host mx.example.com[192.0.2.1] refused to start TLS: 454 4.7.0 TLS not available due to local problem",
        "mx.example.com[192.0.2.1]", "454 4.7.0 TLS not available due to local problem")]
    [InlineData(
        "4.7.0 TLS is required, but host mx.example.com[2001:db8::25] refused to start TLS: 502 5.5.1 Unrecognized command",
        "mx.example.com[2001:db8::25]", "502 5.5.1 Unrecognized command")]
    [InlineData(
        "TLS is required, but host mx[192.0.2.1] refused to start TLS: ",
        "mx[192.0.2.1]", "")]
    public void Classify_StartTlsRefused_KeepsHostAndServerReply(string text, string host, string reply)
    {
        AssertFailure(DeferReasonClassifier.Classify(text), FailureClass.StartTlsRefused, host, reply);
    }

    /// <summary>
    /// The server's reply is the remote's text: one that quotes another of Postfix's texts
    /// must not change the class.
    /// </summary>
    [Theory]
    [InlineData("TLS is required, but unavailable")]
    [InlineData("Server certificate not verified")]
    [InlineData("Sender requested REQUIRETLS, but no")]
    [InlineData("454 host x said: no TLS today")]
    [InlineData("454 TLS is required, but host a[1.1.1.1] refused to start TLS: 5")]
    public void Classify_StartTlsRefusedReplyQuotingPostfix_StaysStartTlsRefused(string reply)
    {
        var text = "TLS is required, but host mx.example.com[192.0.2.1] refused to start TLS: " + reply;

        AssertFailure(DeferReasonClassifier.Classify(text), FailureClass.StartTlsRefused, "mx.example.com[192.0.2.1]", reply);
    }

    [Theory]
    [InlineData("TLS is required, but was not offered by host mx.example.com")]
    [InlineData("TLS is required, but was not offered by host [192.0.2.1]")]
    [InlineData("TLS is required, but was not offered by host mx[]")]
    [InlineData("TLS is required, but was not offered by host ")]
    [InlineData("TLS is required, but was not offered by host mx[1[2]")]
    public void Classify_NotOfferedWithoutNameAndAddress_HasNoHost(string text)
    {
        AssertFailure(DeferReasonClassifier.Classify(text), FailureClass.NotOffered, null, null);
    }

    [Theory]
    [InlineData("TLS is required, but host mx.example.com[192.0.2.1] said: refused to start TLS: 454 x")]
    [InlineData("TLS is required, but host two words[192.0.2.1] refused to start TLS: 454 x")]
    public void Classify_StartTlsTextBrokenUp_IsNotTls(string text)
    {
        Assert.Same(TlsFailure.NotTls, DeferReasonClassifier.Classify(text));
    }

    /// <summary>
    /// Failures that routing around mandatory TLS would not fix, REQUIRETLS (the sender's own
    /// requirement), and remote replies that merely quote a TLS text.
    /// </summary>
    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("connect to mx.example.com[192.0.2.1]:25: Connection refused")]
    [InlineData("delivery temporarily suspended: connect to mx.example.com[192.0.2.1]:25: Connection timed out")]
    [InlineData("conversation with mx.example.com[192.0.2.1] timed out while receiving the initial server greeting")]
    [InlineData("conversation with mx.example.com[192.0.2.1] timed out while receiving the STARTTLS response")]
    [InlineData("lost connection with mx.example.com[192.0.2.1] while performing the HELO handshake")]
    [InlineData("lost connection with mx.example.com[192.0.2.1] while performing the EHLO handshake")]
    [InlineData("lost connection with mx.example.com[192.0.2.1] while performing the TLS handshake")]
    [InlineData("host mx.example.com[192.0.2.1] said: 450 4.2.0 <b@example.test>: Recipient address rejected: Greylisted (in reply to RCPT TO command)")]
    [InlineData("host mx.example.com[192.0.2.1] said: 421 4.7.0 Server certificate not verified (in reply to end of DATA command)")]
    [InlineData("host relay.example.com[192.0.2.9] said: 451 4.7.5 TLS is required, but was not offered by host next[198.51.100.1] (in reply to end of DATA command)")]
    [InlineData("host mx.example.com[192.0.2.1] said: 454 4.7.0 Cannot start TLS: handshake failure (in reply to RCPT TO command)")]
    [InlineData("host mx.example.com[192.0.2.1] said: 451 client TLS configuration problem (in reply to MAIL FROM command)")]
    [InlineData("Host or domain name not found. Name service error for name=example.test type=MX: Host not found, try again")]
    [InlineData("mail transport unavailable")]
    [InlineData("Sender requested REQUIRETLS, but TLS service was not offered by host mx.example.com[192.0.2.1]")]
    [InlineData("REQUIRETLS Failure: sender requested REQUIRETLS, but TLS service was not offered by host mx.example.com[192.0.2.1]")]
    [InlineData("REQUIRETLS Failure: sender requested REQUIRETLS, but host mx.example.com[192.0.2.1] refused to start TLS: 454 4.7.0 go away")]
    [InlineData("REQUIRETLS Failure: sender requested REQUIRETLS, but no matching server certificate was found. The last attempted server was mx.example.com[192.0.2.1]")]
    [InlineData("delivery temporarily suspended: Sender requested REQUIRETLS, but TLS is required, but was not offered by host mx[192.0.2.1]")]
    [InlineData("tls is required, but was not offered by host mx.example.com[192.0.2.1]")]   // case matters
    [InlineData("cannot start tls: handshake failure")]
    [InlineData("server certificate not verified")]
    [InlineData("handshake failure")]
    [InlineData("TLS handshake")]
    [InlineData("TLS is required, but")]
    [InlineData("certificate not verified")]
    public void Classify_OtherReason_IsNotTls(string text)
    {
        var failure = DeferReasonClassifier.Classify(text);

        Assert.Same(TlsFailure.NotTls, failure);
        Assert.False(failure.IsTls);
    }

    [Fact]
    public void Classify_Null_IsNotTls()
    {
        Assert.Same(TlsFailure.NotTls, DeferReasonClassifier.Classify(null!));
    }

    [Fact]
    public void Classify_TlsText_IsTls()
    {
        Assert.True(DeferReasonClassifier.Classify("Server certificate not verified").IsTls);
    }

    private static void AssertFailure(TlsFailure failure, string expected, string? host, string? reply) =>
        AssertFailure(failure, Enum.Parse<FailureClass>(expected), host, reply);

    private static void AssertFailure(TlsFailure failure, FailureClass expected, string? host, string? reply)
    {
        Assert.Equal(new TlsFailure(expected, host, reply), failure);
    }
}
