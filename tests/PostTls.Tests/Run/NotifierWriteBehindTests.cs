using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Run;

/// <summary>
/// A sent notice's audit row and clock are written with the next notice's record (one commit
/// per notice): a sweep that dies before they are written leaves the records, and the next
/// sweep starts the clocks without a second notice to anyone.
/// </summary>
public sealed class NotifierWriteBehindTests : IDisposable
{
    private readonly SweepHarness _sweep = new();

    public void Dispose() => _sweep.Dispose();

    [Fact]
    public void Sweep_ManyNotices_EachRecordedAuditedAndItsClockStarted()
    {
        var files = Enumerable.Range(0, 5).Select(i => _sweep.AddTagged($"sender{i}@posttls.test", "bob@example.test")).ToList();

        _sweep.Sweep();

        Assert.Equal(5, _sweep.Queue.Sent.Count);
        Assert.Equal(5, _sweep.Count("notifications", "kind = 'notice'"));
        Assert.Equal(5, _sweep.Count("messages", "first_notice_at IS NOT NULL AND deadline IS NOT NULL"));
        Assert.Equal(5, _sweep.Count("audit_log", "action = 'notice sent'"));
        Assert.All(files, f => Assert.Equal("open", _sweep.StateOf(f.QueueId)));
    }

    [Fact]
    public void Sweep_DiesAfterTwoNoticesWereSent_NextSweepStartsTheirClocksAndSendsOnlyTheRest()
    {
        for (var i = 0; i < 4; i++)
        {
            _sweep.AddTagged($"sender{i}@posttls.test", "bob@example.test");
        }

        var handed = 0;
        _sweep.Queue.OnSendmail = (_, _, _) => ++handed == 3 ? throw new OutOfMemoryException("the sweep dies here") : null;

        Assert.Throws<OutOfMemoryException>(() => _sweep.Sweep());
        Assert.Equal(2, _sweep.Queue.Sent.Count);
        Assert.Equal(3, _sweep.Count("notifications", "kind = 'notice'")); // the third was recorded before it was handed on

        _sweep.Queue.OnSendmail = null;
        _sweep.Sweep();

        // The two sent are not sent again; the third (recorded, maybe sent) neither: at most once.
        Assert.Equal(3, _sweep.Queue.Sent.Count);
        Assert.Equal(4, _sweep.Count("notifications", "kind = 'notice'"));
        Assert.Equal(4, _sweep.Count("messages", "first_notice_at IS NOT NULL"));
        Assert.Equal(3, _sweep.Queue.Sent.Select(m => m.Recipient).Distinct(StringComparer.Ordinal).Count());
    }
}
