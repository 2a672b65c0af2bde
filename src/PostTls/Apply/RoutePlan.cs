using PostTls.Queue;
using PostTls.Run;
using PostTls.State;

namespace PostTls.Apply;

/// <summary>
/// Where each recipient's released copy would go: its next hop in the form the routing header
/// takes (<see cref="NextHop"/>), or why none can be written. A decision with any recipient
/// in <see cref="Unroutable"/> is refused before anything is held: a copy whose header the
/// release cleanup cannot turn into a FILTER would take the encrypted path again while the
/// sender is told it was sent.
/// </summary>
internal sealed record RoutePlan(IReadOnlyList<(string Recipient, string NextHop)> Releasable, IReadOnlyList<UnroutableRecipient> Unroutable)
{
    /// <summary>The pending recipients of a held message that failed for TLS, outside never-insecure domains.</summary>
    /// <exception cref="Postfix.PostfixException">A transport map could not be queried.</exception>
    /// <param name="onlyDomains">When given (a remembered choice), only recipients in these exact domains.</param>
    public static RoutePlan ForMessage(RunContext context, TrackedMessage message, MessageDetails details, NextHopResolver resolver,
        IReadOnlySet<string>? onlyDomains = null)
    {
        var matcher = new DomainStore(context.Database).Matcher();
        var tls = context.Store.Recipients(message.Id)
            .Where(r => r.Failure != FailureClass.LocalTlsProblem && r.Failure != FailureClass.None && !matcher.MatchesAddress(r.Address))
            .Where(r => onlyDomains is null || onlyDomains.Contains(Addresses.EnvelopeAddress.Domain(r.Address)))
            .Select(r => r.Address)
            .ToHashSet(Addresses.EnvelopeAddress.Comparer); // postqueue's spelling against postcat's
        return For(details.PendingRecipients.Where(tls.Contains), resolver);
    }

    /// <param name="recipients">The recipients that may be sent without encryption.</param>
    /// <exception cref="Postfix.PostfixException">A transport map could not be queried.</exception>
    public static RoutePlan For(IEnumerable<string> recipients, NextHopResolver resolver)
    {
        var releasable = new List<(string, string)>();
        var unroutable = new List<UnroutableRecipient>();
        foreach (var recipient in recipients)
        {
            if (resolver.Resolve(recipient) is not { } raw)
            {
                continue; // not delivered over SMTP: stays on the normal path
            }

            if (NextHop.TryCanonical(raw, resolver.Idna2003, out var hop, out var why))
            {
                releasable.Add((recipient, hop));
            }
            else
            {
                unroutable.Add(new UnroutableRecipient(recipient, raw, why));
            }
        }

        return new RoutePlan(releasable, unroutable);
    }

    /// <summary>One line for the log, the audit and the sender.</summary>
    public string Reason => string.Join("; ", Unroutable.Select(u => $"{u.Recipient}: {u.Why}"));
}

/// <summary>A recipient whose next hop the release path cannot carry, and why.</summary>
internal sealed record UnroutableRecipient(string Recipient, string NextHop, string Why);
