using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Sweep;

/// <summary>
/// One message the sweep cannot handle is left to the administrator (alerted once), and every
/// other message is still tracked and notified in the same sweep.
/// </summary>
public sealed class SweepIsolationTests : IDisposable
{
    private const string Alice = "alice@posttls.test";
    private readonly SweepHarness _sweep = new();

    public void Dispose() => _sweep.Dispose();

    /// <summary>Today the composer threw after the notice was recorded: the sweep died, and that sender never heard.</summary>
    [Fact]
    public void Run_NoNoticeCanBeWrittenToOneSender_LeftToTheAdministrator_OthersNotified()
    {
        var bad = _sweep.AddTagged("x>y@posttls.test", "bob@example.test");
        var good = _sweep.AddTagged(Alice, "carol@example.test");

        _sweep.Sweep();
        _sweep.Sweep();

        Assert.Equal("admin", _sweep.StateOf(bad.QueueId));
        Assert.Equal(0, _sweep.Count("notifications", "kind = 'notice'" + $" AND message = (SELECT id FROM messages WHERE queue_id = '{bad.QueueId}')"));
        Assert.Single(_sweep.SentTo(Alice));
        Assert.Equal("open", _sweep.StateOf(good.QueueId));
        var alert = Assert.Single(_sweep.SentTo(SweepHarness.AdminAddress));
        Assert.Contains(bad.QueueId, alert.Text, StringComparison.Ordinal);
        Assert.Contains("not a mail address", alert.Text, StringComparison.Ordinal);
        Assert.Equal(1, _sweep.Count("audit_log", "action = 'failed'"));
    }

    /// <summary>Postfix can queue one recipient twice; today the second row broke the whole sweep.</summary>
    [Fact]
    public void Run_RecipientListedTwice_TrackedOnceAndNotified()
    {
        var file = _sweep.AddTagged(Alice, "bob@example.test", "bob@example.test");

        _sweep.Sweep();

        Assert.Equal("open", _sweep.StateOf(file.QueueId));
        Assert.Equal(1, _sweep.Count("recipients"));
        Assert.Single(_sweep.SentTo(Alice));
    }

    /// <summary>postqueue -j quotes the local part, postcat does not: one sender, one recipient, one notice.</summary>
    [Fact]
    public void Run_SenderAndRecipientWithSpaces_NoticeNamesTheRecipientOnce()
    {
        var file = _sweep.AddTagged("john doe@posttls.test", "anna maria@example.test");

        _sweep.Sweep();
        _sweep.Sweep();

        Assert.Equal("open", _sweep.StateOf(file.QueueId));
        var notice = Assert.Single(_sweep.SentTo("john doe@posttls.test"));
        Assert.Contains("To: \"john doe\"@posttls.test\r\n", notice.Text, StringComparison.Ordinal);
        Assert.Equal(1, _sweep.Count("recipients", "address = 'anna maria@example.test'"));
    }

    /// <summary>An admin_address no alert can be written to is logged; the senders are still notified.</summary>
    [Fact]
    public void Run_AdminAddressUnusable_LoggedAndTheSweepGoesOn()
    {
        using var sweep = new SweepHarness("admin_address = <postmaster>");
        sweep.AddTagged("x>y@posttls.test", "bob@example.test");
        sweep.AddTagged(Alice, "carol@example.test");

        Assert.Equal(0, sweep.Sweep());

        Assert.Single(sweep.SentTo(Alice));
        Assert.Contains(sweep.Log.Lines, l => l.Contains("cannot alert", StringComparison.Ordinal));
    }
}
