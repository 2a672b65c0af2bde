using PostTls.Addresses;
using PostTls.Queue;

namespace PostTls.Sweep;

/// <summary>
/// Whether a tracked recipient is still pending in a queue entry, asked for every open message
/// at every sweep. The database keeps postqueue's own spelling, so an ordinal match nearly
/// always answers; only a miss builds the set of canonical spellings (postcat's spelling
/// against postqueue's, <see cref="EnvelopeAddress.Comparer"/>), once per entry.
/// </summary>
internal sealed class PendingRecipients(QueuedMessage queued)
{
    // Above this many recipients a hash set beats a scan.
    private const int ScanLimit = 8;

    private HashSet<string>? _exact;
    private HashSet<string>? _canonical;

    public bool Contains(string address)
    {
        var listed = queued.Recipients;
        if (listed.Count <= ScanLimit)
        {
            foreach (var recipient in listed)
            {
                if (string.Equals(recipient.Address, address, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        else if ((_exact ??= listed.Select(r => r.Address).ToHashSet(StringComparer.Ordinal)).Contains(address))
        {
            return true;
        }

        return (_canonical ??= listed.Select(r => r.Address).ToHashSet(EnvelopeAddress.Comparer)).Contains(address);
    }
}
