using PostTls.Postfix;
using PostTls.Queue;
using PostTls.Run;
using PostTls.State;

namespace PostTls.Apply;

/// <summary>
/// What the queue holds under the queue IDs of many decisions, read at once right before the
/// one postsuper run it guards: one <c>postcat -q -e -h</c> per 100 IDs
/// (<see cref="MessageDetailsReader"/>), and, only when some ID gave nothing, one
/// <c>postqueue -j</c> to tell a message that left from one postcat cannot read. It answers
/// as <see cref="QueueActions.StillHolds"/> answers for one message.
/// </summary>
internal sealed class QueueLook
{
    private readonly MessageDetailsReader _reader;
    private readonly Dictionary<string, MessageDetails> _read;
    private readonly Dictionary<string, Exception> _faults;
    private readonly Lazy<IReadOnlySet<string>> _listed;

    private QueueLook(RunContext context, MessageDetailsReader reader, Dictionary<string, MessageDetails> read, Dictionary<string, Exception> faults)
    {
        _reader = reader;
        _read = read;
        _faults = faults;
        // Lazy keeps a failure too: postqueue failing once is the answer for every message of the look.
        _listed = new Lazy<IReadOnlySet<string>>(() => QueueScan.Read(context.Queue, context.Log).Messages.Keys.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// Reads all at once; when that throws, one by one, so that what one message brings stays
    /// with it (its <see cref="Holds"/> and <see cref="Details"/> throw it again).
    /// </summary>
    public static QueueLook Take(RunContext context, IEnumerable<TrackedMessage> messages)
    {
        var ids = messages.Select(m => m.QueueId).Distinct(StringComparer.Ordinal).ToList();
        var reader = new MessageDetailsReader(context.Queue, context.Log);
        var read = new Dictionary<string, MessageDetails>(StringComparer.Ordinal);
        var faults = new Dictionary<string, Exception>(StringComparer.Ordinal);
        try
        {
            if (ids.Count > 0)
            {
                foreach (var (id, details) in reader.Read(ids))
                {
                    read[id] = details;
                }
            }
        }
        catch (Exception e) when (!Faults.StopsTheRun(e))
        {
            foreach (var id in ids)
            {
                try
                {
                    if (reader.ReadOne(id) is { } details)
                    {
                        read[id] = details;
                    }
                }
                catch (Exception one) when (!Faults.StopsTheRun(one))
                {
                    faults[id] = one;
                }
            }
        }

        return new QueueLook(context, reader, read, faults);
    }

    /// <summary>True when the queue ID still holds <paramref name="message"/> (<see cref="QueueActions.IsSame"/>).</summary>
    /// <exception cref="PostfixException">postcat gave nothing usable while the queue still lists the ID, or the queue cannot be listed.</exception>
    public bool Holds(TrackedMessage message)
    {
        if (Details(message) is { } details)
        {
            return QueueActions.IsSame(message, details);
        }

        if (!_listed.Value.Contains(message.QueueId))
        {
            return false;
        }

        // Listed, but not read with the others: once more on its own, for postcat's own words.
        if (_reader.ReadOne(message.QueueId, out var failure) is { } single)
        {
            _read[message.QueueId] = single;
            return QueueActions.IsSame(message, single);
        }

        throw QueueActions.Unreadable(message.QueueId, failure);
    }

    /// <summary>Envelope and header as postcat read them; null when it gave nothing usable.</summary>
    public MessageDetails? Details(TrackedMessage message)
    {
        if (_faults.TryGetValue(message.QueueId, out var fault))
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(fault);
        }

        return _read.GetValueOrDefault(message.QueueId);
    }
}
