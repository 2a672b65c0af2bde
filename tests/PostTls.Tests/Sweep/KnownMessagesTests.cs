using PostTls.Postfix;
using PostTls.Run;
using PostTls.State;
using PostTls.Sweep;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Sweep;

/// <summary>The sweep reads its database while postqueue -j streams in: the same answers, and what fails is not lost.</summary>
public sealed class KnownMessagesTests : IDisposable
{
    private readonly SweepHarness _sweep = new();

    public void Dispose() => _sweep.Dispose();

    [Fact]
    public void ReadAlongside_TheUnclosedMessagesAndTheScan_BothAsIfReadOneAfterTheOther()
    {
        var file = _sweep.AddTagged("alice@posttls.test", "bob@example.test");
        _sweep.Sweep();

        using var database = StateDatabase.Open(_sweep.DataDirectory);
        var context = Context(database);
        var (known, scan) = KnownMessages.ReadAlongside(context, () => QueueScan.Read(context.Queue, context.Log));

        Assert.Equal(file.QueueId, Assert.Single(scan.Messages.Keys));
        var message = Assert.Single(known.Unclosed);
        Assert.Equal(file.QueueId, message.QueueId);
        Assert.Equal("bob@example.test", Assert.Single(known.Recipients[message.Id]).Address);
        Assert.Equal(database.Changes(), known.Changes);
    }

    [Fact]
    public void ReadAlongside_ScanFails_ItsExceptionAfterTheReaderHasEnded()
    {
        using var database = StateDatabase.Open(_sweep.DataDirectory);
        var context = Context(database);

        var e = Assert.Throws<PostfixException>(() => KnownMessages.ReadAlongside(context, () => throw new PostfixException("postqueue -j failed")));

        Assert.Equal("postqueue -j failed", e.Message);
        Assert.Empty(context.Store.Unclosed()); // the connection is free again
    }

    [Fact]
    public void ReadAlongside_DatabaseFails_ItsExceptionHere()
    {
        var database = StateDatabase.Open(_sweep.DataDirectory);
        var context = Context(database);
        database.Dispose();

        Assert.ThrowsAny<Exception>(() => KnownMessages.ReadAlongside(context, () => QueueScan.Read(context.Queue, context.Log)));
    }

    private RunContext Context(StateDatabase database) =>
        RunContext.Create(_sweep.Settings, database, _sweep.Clock, _sweep.Log.Log("posttls/sweep"), dryRun: false, TextWriter.Null, _ => _sweep.Queue);
}
