using PostTls.State;

namespace PostTls.Sweep;

/// <summary>
/// The choices a sender made before the sweep met this message, as the policy needs them:
/// "TLS-Required: No" on the message itself, and the sender's remembered choices by domain.
/// Built once per sweep from one reading of the choices that hold.
/// </summary>
internal sealed class StandingChoices
{
    private readonly Dictionary<string, List<RememberedChoice>> _bySender;

    public StandingChoices(IEnumerable<RememberedChoice> holding, bool honourTlsRequiredNo)
    {
        HonourTlsRequiredNo = honourTlsRequiredNo;
        _bySender = holding.GroupBy(c => c.Sender, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }

    /// <summary>No choices at all: the policy as before this feature.</summary>
    public static StandingChoices None { get; } = new([], honourTlsRequiredNo: false);

    public bool HonourTlsRequiredNo { get; }

    /// <summary>
    /// The remembered choices of the message's sender that cover its recipients in their
    /// domain: every TLS-failed recipient of that exact domain (never-insecure ones are left
    /// out: the release path never takes them) failed in a way the choice's scope covers.
    /// Domains are compared in lower case; a subdomain is a domain of its own.
    /// </summary>
    public IReadOnlyList<RememberedChoice> Covering(TrackedMessage message, IReadOnlyList<TrackedRecipient> affected)
    {
        // A choice acts only on mail its sender is proven to have sent: tagged, the tag verified.
        // Asked for every open message at every sweep: nothing is built while no choice holds.
        if (message.Tag is null || _bySender.Count == 0
            || !_bySender.TryGetValue(Addresses.EnvelopeAddress.Canonical(message.Sender), out var choices))
        {
            return [];
        }

        return affected.Where(r => !r.NeverInsecure).GroupBy(r => Addresses.EnvelopeAddress.Domain(r.Address), StringComparer.Ordinal)
            .Select(g => (Choice: choices.FirstOrDefault(c => c.Domain == g.Key), Failures: g.Select(r => r.Failure).ToList()))
            .Where(x => x.Choice is not null && ChoiceScopes.Covers(x.Choice.Scope, x.Failures))
            .Select(x => x.Choice!)
            .ToList();
    }
}
