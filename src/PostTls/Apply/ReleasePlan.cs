using PostTls.Queue;
using PostTls.Run;
using PostTls.Smtp;
using PostTls.State;

namespace PostTls.Apply;

/// <summary>
/// The copies a "send without encryption" makes, as a pure function of the envelope and the
/// route, so the split can be tested without Postfix (like Sweep/Policy): the recipients that
/// may be released go per next hop to smtp-insecure; the other pending recipients go together
/// in one copy by normal routing, so no recipient is lost or doubled by the split.
/// </summary>
internal static class ReleasePlan
{
    /// <param name="releasable">Recipients that may be sent without encryption, with their next hop in the routing header's form.</param>
    /// <param name="pending">Every pending recipient of the message.</param>
    /// <returns>One copy per next hop (spelled as first met, compared ignoring case) in order of first appearance, then the kept recipients under a null next hop, if any.</returns>
    public static IReadOnlyList<PlannedCopy> Copies(IReadOnlyList<(string Recipient, string NextHop)> releasable, IReadOnlyList<string> pending)
    {
        var copies = releasable.GroupBy(x => x.NextHop, StringComparer.OrdinalIgnoreCase)
            .Select(g => new PlannedCopy(g.Key, g.Select(x => x.Recipient).ToList()))
            .ToList();
        var kept = pending.Where(r => !releasable.Any(x => x.Recipient == r)).ToList();
        if (kept.Count > 0)
        {
            copies.Add(new PlannedCopy(null, kept));
        }

        return copies;
    }

    /// <summary>
    /// Every address goes into some MAIL FROM or RCPT TO: one that cannot refuses the decision
    /// before anything is submitted, so that nothing goes out half way.
    /// </summary>
    /// <exception cref="DecisionRefusedException">An address cannot be written into an SMTP command.</exception>
    public static void RefuseUnsendable(MessageDetails details)
    {
        foreach (var (address, role) in details.PendingRecipients.Select(r => (r, "recipient")).Prepend((details.Sender, "sender")))
        {
            if (SmtpParameters.Unsendable(address) is not null)
            {
                throw new DecisionRefusedException($"the {role} address {SmtpParameters.Escape(Addresses.EnvelopeAddress.ToExternal(address))} "
                    + "contains an angle bracket or a control character, which mail servers cannot pass on safely");
            }
        }
    }

    /// <summary>
    /// The envelope of one copy: the stored sender, the DSN requests the queue file keeps
    /// (<see cref="DsnParameters"/>), BODY=8BITMIME when the content has any byte above 127, and
    /// SMTPUTF8 when the sender or one of these recipients is not ASCII.
    /// </summary>
    public static SmtpEnvelope Envelope(MessageDetails details, byte[] content, IReadOnlyList<string> recipients)
    {
        var dsn = DsnParameters.From(details);
        var eightBit = content.Any(b => b >= 0x80);
        var utf8 = !details.Sender.All(char.IsAscii) || recipients.Any(r => !r.All(char.IsAscii));
        var mailParameters = dsn.Mail.Concat(eightBit ? ["BODY=8BITMIME"] : []).Concat(utf8 ? ["SMTPUTF8"] : []).ToList();
        return new SmtpEnvelope(details.Sender, recipients.Select(r => new SmtpRecipient(r, dsn.For(r))).ToList(), mailParameters);
    }

    /// <summary>The recipients of the released copies among <paramref name="groups"/> (kept ones go by normal routing).</summary>
    public static IReadOnlyList<string> Released(IEnumerable<ReleaseGroup> groups) =>
        groups.Where(g => g.NextHop is not null).SelectMany(g => g.Recipients).ToList();

    /// <summary>The recipients resubmitted by normal routing.</summary>
    public static IReadOnlyList<string> Kept(IEnumerable<ReleaseGroup> groups) =>
        groups.Where(g => g.NextHop is null).SelectMany(g => g.Recipients).ToList();

    /// <summary>The audit detail of a release: each copy's new queue ID, its way, its recipients.</summary>
    public static string Describe(IEnumerable<ReleaseGroup> groups) =>
        string.Join(", ", groups.Select(g => $"{g.NewQueueId} ({(g.NextHop is null ? "normal routing" : "to " + g.NextHop + " without TLS")}: {string.Join(" ", g.Recipients)})"));
}

/// <summary>One copy of a release: recipients sharing a next hop (null: not released, normal routing).</summary>
internal sealed record PlannedCopy(string? NextHop, IReadOnlyList<string> Recipients);
