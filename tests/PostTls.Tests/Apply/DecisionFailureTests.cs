using Microsoft.Data.Sqlite;
using PostTls.Postfix;
using PostTls.Spool;
using PostTls.Tagging;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Apply;

/// <summary>
/// A decision that cannot be carried out ends: step failed with the reason, the message off
/// hold where apply held it, back in its former state, the sender and admin_address told; and
/// the other decisions of the same run are carried out.
/// </summary>
public sealed class DecisionFailureTests : IDisposable
{
    private const string Alice = "alice@posttls.test";
    private const string Carol = "carol@posttls.test";
    private readonly SweepHarness _sweep = new("release_retry_time = 1h");
    private readonly TempDirectory _queueDirectory = new();

    public DecisionFailureTests()
    {
        Directory.CreateDirectory(_queueDirectory.File("private"));
        _sweep.Queue.ParameterValues["queue_directory"] = _queueDirectory.Path;
    }

    private string Socket => Path.Combine(_queueDirectory.Path, "private", "posttls-release");

    public void Dispose()
    {
        _sweep.Dispose();
        _queueDirectory.Dispose();
    }

    [Fact]
    public void Run_ListenerAnswers554_DecisionEnds_OffHold_SenderAndAdminTold_OnlyOnce()
    {
        var file = Decided(Alice, SenderAction.Release, "bob@example.test");

        using (Listener("S: 554 5.7.1 Access denied"))
        {
            _sweep.Sweep();
        }

        Assert.Equal("deferred", file.QueueName);
        Assert.Contains($"postsuper -H {file.QueueId}", _sweep.Queue.Calls);
        Assert.Equal("open", _sweep.StateOf(file.QueueId));
        Assert.Equal(1, _sweep.Count("decisions", "step = 'failed' AND result LIKE '%refused the copy (554 5.7.1 Access denied)%'"));
        Assert.Equal(1, _sweep.Count("audit_log", "action = 'decision failed'"));
        var told = _sweep.SentTo(Alice).Last();
        Assert.Contains("could not be carried out: our mail server refused the copy (554 5.7.1 Access denied).", told.Text, StringComparison.Ordinal);
        var alert = Assert.Single(_sweep.SentTo(SweepHarness.AdminAddress));
        Assert.Contains(file.QueueId, alert.Text, StringComparison.Ordinal);
        Assert.Contains("taken off hold", alert.Text, StringComparison.Ordinal);

        _sweep.Sweep();
        Assert.Single(_sweep.SentTo(SweepHarness.AdminAddress));
        Assert.Equal(2, _sweep.SentTo(Alice).Count); // the notice and the one confirmation
    }

    [Fact]
    public void Run_ListenerAnswers451_WaitsUntilReleaseRetryTime_ThenEnds()
    {
        var file = Decided(Alice, SenderAction.Release, "bob@example.test");

        foreach (var minutes in new[] { 0, 30, 29 })
        {
            _sweep.Clock.Now += TimeSpan.FromMinutes(minutes);
            using (Listener("S: 451 4.3.0 Try again later"))
            {
                _sweep.Sweep();
            }

            Assert.Equal("hold", file.QueueName);
            Assert.Equal("deciding", _sweep.StateOf(file.QueueId));
            Assert.Single(_sweep.SentTo(Alice));
        }

        _sweep.Clock.Now += TimeSpan.FromMinutes(2);
        using (Listener("S: 451 4.3.0 Try again later"))
        {
            _sweep.Sweep();
        }

        Assert.Equal("deferred", file.QueueName);
        Assert.Equal("open", _sweep.StateOf(file.QueueId));
        Assert.Contains("did not accept the copy in time (its last answer: 451 4.3.0 Try again later)", _sweep.SentTo(Alice).Last().Text, StringComparison.Ordinal);
        Assert.Single(_sweep.SentTo(SweepHarness.AdminAddress));
    }

    [Fact]
    public void Run_ProgressRestartsTheRetryCount()
    {
        var file = Decided(Alice, SenderAction.Release, "bob@example.test");
        _sweep.Queue.OnPostsuper = (option, _) => option == "-h" ? new CommandResult(1, "", "postsuper: fatal: simulated failure\n") : null;
        _sweep.Sweep(); // fails at the hold, transiently: the count starts
        _sweep.Queue.OnPostsuper = null;

        _sweep.Clock.Now += TimeSpan.FromMinutes(50);
        using (Listener("S: 451 4.3.0 Try again later"))
        {
            _sweep.Sweep(); // held and planned now: a new count starts at the listener
        }

        _sweep.Clock.Now += TimeSpan.FromMinutes(50);
        using (Listener("S: 451 4.3.0 Try again later"))
        {
            _sweep.Sweep();
        }

        Assert.Equal("hold", file.QueueName);
        Assert.Equal("deciding", _sweep.StateOf(file.QueueId));
    }

    /// <summary>The angle bracket is found while planning: nothing is held back half sent, the listener never hears of it.</summary>
    [Fact]
    public void Run_RecipientWithAngleBracket_EndsBeforeAnythingIsSubmitted_TheNextDecisionIsCarriedOut()
    {
        var bad = _sweep.AddTagged(Alice, "a>b@example.test", "bob@example.test");
        var good = _sweep.AddTagged(Carol, "dave@example.test");
        _sweep.Sweep();
        Drop(bad, SenderAction.Release, Alice);
        Drop(good, SenderAction.Delete, Carol);

        _sweep.Sweep();

        Assert.Equal("deferred", bad.QueueName);
        Assert.Equal("open", _sweep.StateOf(bad.QueueId));
        Assert.Equal(0, _sweep.Count("releases", "new_queue_id IS NOT NULL"));
        Assert.False(File.Exists(Socket));
        Assert.Contains("the recipient address \"a>b\"@example.test contains an angle bracket", _sweep.SentTo(Alice).Last().Text, StringComparison.Ordinal);
        Assert.Null(_sweep.Queue.Find(good.QueueId));
        Assert.Equal("closed", _sweep.StateOf(good.QueueId));
    }

    /// <summary>A hold that was there before apply (an administrator's) is not apply's to take off.</summary>
    [Fact]
    public void Run_MessageOnHoldBefore_FailureLeavesItOnHold()
    {
        var file = Decided(Alice, SenderAction.Release, "bob@example.test");
        file.QueueName = "hold";

        using (Listener("S: 554 5.7.1 Access denied"))
        {
            _sweep.Sweep();
        }

        Assert.Equal("hold", file.QueueName);
        Assert.DoesNotContain(_sweep.Queue.Calls, c => c.StartsWith("postsuper -H", StringComparison.Ordinal));
        Assert.Contains("left in the queue as it was", _sweep.SentTo(SweepHarness.AdminAddress).Single().Text, StringComparison.Ordinal);
    }

    /// <summary>Whatever one decision throws, unexpected kinds included, the next one is carried out.</summary>
    [Fact]
    public void Run_FirstDecisionThrowsSomethingUnexpected_TheOtherIsCarriedOut()
    {
        var odd = _sweep.AddTagged(Alice, "bob@example.test");
        var good = _sweep.AddTagged(Carol, "dave@example.test");
        _sweep.Sweep();
        Drop(odd, SenderAction.Delete, Alice);
        Drop(good, SenderAction.Delete, Carol);
        _sweep.Queue.OnPostcat = ids => ids.Contains(odd.QueueId) ? throw new InvalidOperationException("simulated bug") : null;

        _sweep.Sweep();

        Assert.Null(_sweep.Queue.Find(good.QueueId));
        Assert.Equal("closed", _sweep.StateOf(good.QueueId));
        Assert.NotNull(_sweep.Queue.Find(odd.QueueId));
        Assert.Contains(_sweep.Log.Lines, l => l.Contains(odd.QueueId, StringComparison.Ordinal) && l.Contains("simulated bug", StringComparison.Ordinal));
    }

    /// <summary>pipe(8)'s q flag quotes ${sender}; postcat does not: both name the one sender the decision must come from.</summary>
    [Fact]
    public void Run_DecisionFromTheQuotedSpellingOfTheSender_IsTaken()
    {
        var file = _sweep.AddTagged("john doe@posttls.test", "bob@example.test");
        _sweep.Sweep();
        Drop(file, SenderAction.Delete, "\"john doe\"@posttls.test");

        _sweep.Sweep();

        Assert.Null(_sweep.Queue.Find(file.QueueId));
        Assert.Equal("closed", _sweep.StateOf(file.QueueId));
        Assert.Equal(2, _sweep.SentTo("john doe@posttls.test").Count);
    }

    /// <summary>default_action = release after a release that could not be carried out: not tried again at every sweep.</summary>
    [Fact]
    public void Deadline_DefaultActionReleaseAfterAFailedRelease_LeftToPostfix()
    {
        using var sweep = new SweepHarness("default_action = release\nreminder_schedule =\n");
        sweep.Queue.ParameterValues["queue_directory"] = _queueDirectory.Path;
        var file = sweep.AddTagged(Alice, "bob@example.test");
        sweep.Sweep();
        using (Listener("S: 554 5.7.1 Access denied"))
        {
            sweep.Clock.Now += TimeSpan.FromDays(4);
            sweep.Sweep(); // the deadline: the release fails
        }

        sweep.Sweep(); // the deadline again: left to Postfix, not a second release
        sweep.Sweep();

        Assert.Equal("closed", sweep.StateOf(file.QueueId));
        Assert.Equal(1, sweep.Count("decisions"));
        Assert.NotNull(sweep.Queue.Find(file.QueueId));
        Assert.Equal("deferred", file.QueueName);
        Assert.Contains("left to Postfix", sweep.Dump(), StringComparison.Ordinal);
    }

    /// <summary>A release listener that takes EHLO and then answers MAIL with <paramref name="reply"/>.</summary>
    private ScriptedSmtpServer Listener(string reply)
    {
        File.Delete(Socket);
        return ScriptedSmtpServer.OnUnixSocket(Socket,
            "S: 220 release ESMTP", "C: EHLO localhost", "S: 250-release", "S: 250-DSN", "S: 250 8BITMIME",
            $"C: MAIL FROM:<{Alice}>", reply, "C: QUIT", "S: 221 2.0.0 Bye");
    }

    /// <summary>Tracked and notified by a sweep, then the sender's decision dropped as decide drops it.</summary>
    private QueueFile Decided(string sender, SenderAction action, params string[] recipients)
    {
        var file = _sweep.AddTagged(sender, recipients);
        _sweep.Sweep();
        Drop(file, action, sender);
        return file;
    }

    /// <summary>The decision for <paramref name="file"/> as decide drops it, one second after the previous one.</summary>
    private void Drop(QueueFile file, SenderAction action, string decidedBy)
    {
        using var connection = new SqliteConnection($"Data Source={_sweep.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT message_key FROM messages WHERE queue_id = $q";
        command.Parameters.AddWithValue("$q", file.QueueId);
        var key = (string)command.ExecuteScalar()!;
        _sweep.Clock.Now += TimeSpan.FromSeconds(1); // decision files are taken oldest first
        new DecisionSpool(_sweep.SpoolDirectory).Drop(new DecisionFile(action, key, decidedBy, _sweep.Clock.GetUtcNow()));
    }
}
