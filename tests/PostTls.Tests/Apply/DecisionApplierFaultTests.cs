using Microsoft.Data.Sqlite;
using PostTls.Postfix;
using PostTls.Spool;
using PostTls.Tagging;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Apply;

/// <summary>
/// A sender's decision while postcat or postsuper fails: the decision waits, the message is not
/// taken for gone (which would close it and tell the sender it failed), and the next run carries it out.
/// </summary>
public sealed class DecisionApplierFaultTests : IDisposable
{
    private const string Alice = "alice@posttls.test";
    private readonly SweepHarness _sweep = new();

    public void Dispose() => _sweep.Dispose();

    [Fact]
    public void Run_PostcatFailsWhileTheQueueListsTheMessage_DecisionWaitsThenDone()
    {
        var file = Decided(SenderAction.Delete);
        _sweep.Queue.OnPostcat = _ => new CommandResult(1, "", "postcat: fatal: simulated failure\n");

        _sweep.Sweep();

        Assert.Equal("deciding", _sweep.StateOf(file.QueueId));
        Assert.DoesNotContain(_sweep.Queue.Calls, c => c.StartsWith("postsuper", StringComparison.Ordinal));
        Assert.Contains(_sweep.Log.Lines, l => l.Contains("postcat cannot read it (postcat: fatal: simulated failure), but the queue still lists it", StringComparison.Ordinal));
        Assert.Single(_sweep.SentTo(Alice)); // the notice; no "failed" confirmation

        _sweep.Queue.OnPostcat = null;
        _sweep.Sweep();

        Assert.Equal("closed", _sweep.StateOf(file.QueueId));
        Assert.Null(_sweep.Queue.Find(file.QueueId));
        Assert.Equal(2, _sweep.SentTo(Alice).Count);
    }

    [Theory]
    [InlineData("release", "-h")]
    [InlineData("delete", "-d")]
    public void Run_PostsuperFails_DecisionWaitsThenDone(string decision, string option)
    {
        var action = decision == "release" ? SenderAction.Release : SenderAction.Delete;
        var file = Decided(action);
        _sweep.Queue.OnPostsuper = (o, _) => o == option ? new CommandResult(1, "", "postsuper: fatal: simulated failure\n") : null;
        _sweep.Queue.ParameterValues["queue_directory"] = "/nonexistent"; // a release stops at the listener later; -h comes first

        _sweep.Sweep();

        Assert.Equal("deciding", _sweep.StateOf(file.QueueId));
        Assert.Equal("deferred", file.QueueName);
        Assert.Contains(_sweep.Log.Lines, l => l.Contains($"postsuper {option}", StringComparison.Ordinal) && l.Contains("simulated failure", StringComparison.Ordinal));
        Assert.Single(_sweep.SentTo(Alice));

        if (action == SenderAction.Delete)
        {
            _sweep.Queue.OnPostsuper = null;
            _sweep.Sweep();
            Assert.Equal("closed", _sweep.StateOf(file.QueueId));
            Assert.Null(_sweep.Queue.Find(file.QueueId));
        }
    }

    /// <summary>Tracked and notified by a sweep, then the sender's decision dropped as decide drops it.</summary>
    private QueueFile Decided(SenderAction action)
    {
        var file = _sweep.AddTagged(Alice, "bob@example.test");
        _sweep.Sweep();
        using var connection = new SqliteConnection($"Data Source={_sweep.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT message_key FROM messages WHERE queue_id = $q";
        command.Parameters.AddWithValue("$q", file.QueueId);
        var key = (string)command.ExecuteScalar()!;
        new DecisionSpool(_sweep.SpoolDirectory).Drop(new DecisionFile(action, key, Alice, _sweep.Clock.GetUtcNow()));
        return file;
    }
}
