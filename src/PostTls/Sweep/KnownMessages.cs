using System.Runtime.ExceptionServices;
using PostTls.Run;
using PostTls.State;

namespace PostTls.Sweep;

/// <summary>
/// What the database knows when a sweep starts: its unclosed messages and their recipients,
/// and the count of changes, to tell later whether anything was written since. Read on a
/// thread of its own while postqueue -j streams in: both take milliseconds per thousand
/// messages, and a steady sweep is little more than the two. Safe because the sweep holds the
/// run lock (no other run writes meanwhile) and the scan does not touch the database, which
/// only one thread uses at a time: the main thread waits for this one before it goes on.
/// </summary>
internal sealed record KnownMessages(
    (long Total, long Version) Changes,
    IReadOnlyList<TrackedMessage> Unclosed,
    IReadOnlyDictionary<long, IReadOnlyList<TrackedRecipient>> Recipients)
{
    /// <summary>Runs <paramref name="scan"/> here and reads the database alongside; what either throws is thrown here, the scan's first.</summary>
    public static (KnownMessages Known, QueueScan Scan) ReadAlongside(RunContext context, Func<QueueScan> scan)
    {
        KnownMessages? known = null;
        ExceptionDispatchInfo? failure = null;
        var reader = new Thread(() =>
        {
            try
            {
                known = new KnownMessages(context.Database.Changes(), context.Store.Unclosed(), context.Store.RecipientsOfUnclosed());
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        { IsBackground = true, Name = "database" };
        reader.Start();
        QueueScan listing;
        try
        {
            listing = scan();
        }
        finally
        {
            reader.Join();
        }

        failure?.Throw();
        return (known!, listing);
    }
}
