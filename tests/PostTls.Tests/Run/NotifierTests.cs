using PostTls.Postfix;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Run;

public sealed class NotifierTests : IDisposable
{
    private const string Alice = "alice@posttls.test";
    private readonly SweepHarness _sweep = new();

    public void Dispose() => _sweep.Dispose();

    [Fact]
    public void Send_SendmailFails_NotRecordedAndSentByTheNextSweepExactlyOnce()
    {
        var file = _sweep.AddTagged(Alice, "bob@example.test");
        _sweep.Queue.OnSendmail = (_, _, _) => new CommandResult(75, "", "sendmail: fatal: queue file write error\n");

        _sweep.Sweep();

        Assert.Empty(_sweep.Queue.Sent);
        Assert.Equal(1, _sweep.Queue.CallCount("sendmail"));
        Assert.Equal(0, _sweep.Count("notifications"));
        Assert.Equal(1, _sweep.Count("messages", "first_notice_at IS NULL AND deadline IS NULL"));
        Assert.Contains(_sweep.Log.Lines, l => l.Contains("cannot send the notice", StringComparison.Ordinal) && l.Contains("queue file write error", StringComparison.Ordinal));

        _sweep.Queue.OnSendmail = null;
        _sweep.Clock.Now += TimeSpan.FromMinutes(1);
        _sweep.Sweep();
        _sweep.Clock.Now += TimeSpan.FromMinutes(1);
        _sweep.Sweep();

        var notice = Assert.Single(_sweep.Queue.Sent);
        Assert.Equal(Alice, notice.Recipient);
        Assert.Equal(1, _sweep.Count("notifications", "kind = 'notice'"));
        Assert.Equal("open", _sweep.StateOf(file.QueueId));
        // The deadline counts from the notice that went out, not from the failed attempt.
        var sentAt = _sweep.Clock.Now.AddMinutes(-1).ToUnixTimeSeconds();
        Assert.Equal(1, _sweep.Count("messages", $"first_notice_at = {sentAt}"));
    }

    [Fact]
    public void Send_ReminderSendmailFails_ReminderRetriedAndSentOnce()
    {
        _sweep.AddTagged(Alice, "bob@example.test");
        _sweep.Sweep();
        _sweep.Clock.Now += TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1);
        _sweep.Queue.OnSendmail = (_, _, _) => new CommandResult(-1, "", "sendmail timed out\n");

        _sweep.Sweep();
        Assert.Equal(0, _sweep.Count("notifications", "kind = 'reminder-1'"));

        _sweep.Queue.OnSendmail = null;
        _sweep.Sweep();
        _sweep.Sweep();

        Assert.Equal(2, _sweep.SentTo(Alice).Count);
        Assert.Equal(1, _sweep.Count("notifications", "kind = 'reminder-1'"));
        Assert.Equal(1, _sweep.Count("messages", "reminders_sent = 1"));
    }

    [Fact]
    public void Send_Notice_ActionAddressesBoundToSenderAndMessage()
    {
        var file = _sweep.AddTagged(Alice, "bob@example.test");

        _sweep.Sweep();

        var notice = Assert.Single(_sweep.Queue.Sent).Text;
        var key = file.HeaderLines[0]["X-PostTLS-ID: ".Length..][..16];
        Assert.Contains($"posttls-send-{key}-", notice, StringComparison.Ordinal);
        Assert.Contains($"posttls-delete-{key}-", notice, StringComparison.Ordinal);
        Assert.Contains("@" + SweepHarness.ActionDomain, notice, StringComparison.Ordinal);
        Assert.Contains("Auto-Submitted: auto-generated", notice, StringComparison.Ordinal);
        Assert.Contains("X-PostTLS-Notice: ", notice, StringComparison.Ordinal);
    }
}
