using PostTls.Queue;

namespace PostTls.State;

/// <summary>
/// The kinds of TLS failure a remembered choice covers. A sender who chose clear text for a
/// server that offers no TLS has not chosen it for a certificate that does not verify: that
/// one may be an attacker in the path (or a server that is being moved), and is asked about
/// again. So a choice covers the groups its sender saw in the notice, and no other.
/// Our own TLS problems (<see cref="FailureClass.LocalTlsProblem"/>) are never the sender's.
/// </summary>
[Flags]
internal enum ChoiceScope
{
    None = 0,

    /// <summary>The server offers no TLS, refuses STARTTLS or fails the handshake.</summary>
    NoTls = 1,

    /// <summary>The certificate does not verify, or DANE fails: the failures that can mean an attack.</summary>
    Certificate = 2,
}

internal static class ChoiceScopes
{
    private const string NoTlsWord = "no-tls";
    private const string CertificateWord = "certificate";

    public static ChoiceScope Of(FailureClass failure) => failure switch
    {
        FailureClass.NotOffered or FailureClass.StartTlsRefused or FailureClass.HandshakeFailed => ChoiceScope.NoTls,
        FailureClass.CertificateNotVerified or FailureClass.DaneFailed => ChoiceScope.Certificate,
        _ => ChoiceScope.None,
    };

    public static ChoiceScope Of(IEnumerable<FailureClass> failures) =>
        failures.Aggregate(ChoiceScope.None, (scope, failure) => scope | Of(failure));

    /// <summary>True when every failure is of a group <paramref name="scope"/> covers (and there is one).</summary>
    public static bool Covers(ChoiceScope scope, IReadOnlyCollection<FailureClass> failures) =>
        failures.Count > 0 && failures.All(f => Of(f) != ChoiceScope.None && (scope & Of(f)) == Of(f));

    /// <summary>As stored and shown: "no-tls", "certificate" or both, space separated.</summary>
    public static string Text(ChoiceScope scope) => string.Join(' ',
        new[] { (ChoiceScope.NoTls, NoTlsWord), (ChoiceScope.Certificate, CertificateWord) }
            .Where(x => scope.HasFlag(x.Item1)).Select(x => x.Item2));

    public static ChoiceScope Parse(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Aggregate(ChoiceScope.None, (scope, word) => scope | word switch
        {
            NoTlsWord => ChoiceScope.NoTls,
            CertificateWord => ChoiceScope.Certificate,
            _ => ChoiceScope.None,
        });
}
