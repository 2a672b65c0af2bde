using PostTls.Cli;
using PostTls.Spool;
using PostTls.Tagging;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Run;

/// <summary>
/// With action_domain empty the action domain is Postfix's myhostname, which takes a postconf
/// run. It is resolved at first use: a sweep with no mail to write runs no postconf, a notice
/// whose postconf fails waits for the next sweep, and a run with a decision to carry out stops
/// before its first step. Here postconf always fails (the harness's Postfix directory does
/// not exist).
/// </summary>
public sealed class MailIdentityTests : IDisposable
{
    private const string Alice = "alice@posttls.test";
    private readonly SweepHarness _sweep = new();

    public void Dispose() => _sweep.Dispose();

    [Fact]
    public void SteadySweep_ActionDomainLeftToPostfix_RunsNoPostconf()
    {
        var file = _sweep.AddTagged(Alice, "bob@example.test");
        _sweep.Sweep();
        _sweep.UseActionDomain("");

        Assert.Equal(ExitCodes.Ok, _sweep.Sweep());

        Assert.Equal("open", _sweep.StateOf(file.QueueId));
        Assert.Single(_sweep.Queue.Sent);
        Assert.DoesNotContain(_sweep.Log.Lines, l => l.Contains("postconf", StringComparison.Ordinal));
    }

    [Fact]
    public void NewMessage_PostconfFails_TrackedNoNoticeAndTheNextSweepSendsIt()
    {
        _sweep.UseActionDomain("");
        var file = _sweep.AddTagged(Alice, "bob@example.test");

        Assert.Equal(ExitCodes.Ok, _sweep.Sweep());

        Assert.Equal("open", _sweep.StateOf(file.QueueId));
        Assert.Empty(_sweep.Queue.Sent);
        Assert.Equal(0, _sweep.Count("notifications"));
        Assert.Equal(0, _sweep.Count("messages", "first_notice_at IS NOT NULL"));
        Assert.Contains(_sweep.Log.Lines, l => l.Contains($"{file.QueueId}: key=", StringComparison.Ordinal)
            && l.Contains("postconf -c /etc/postfix-under-test -h myhostname failed", StringComparison.Ordinal)
            && l.EndsWith("the next sweep tries again", StringComparison.Ordinal));

        _sweep.UseActionDomain(SweepHarness.ActionDomain);
        Assert.Equal(ExitCodes.Ok, _sweep.Sweep());

        var notice = Assert.Single(_sweep.Queue.Sent);
        Assert.Contains("@" + SweepHarness.ActionDomain, notice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_PostconfFails_StopsBeforeTheDecisionsFirstStep()
    {
        var file = _sweep.AddTagged(Alice, "bob@example.test");
        _sweep.Sweep();
        _sweep.Decide(file, SenderAction.Delete, Alice);
        _sweep.UseActionDomain("");
        var calls = _sweep.Queue.Calls.Count;

        var problem = Assert.Throws<Problem>(() => _sweep.Apply());

        Assert.Equal(ExitCodes.TempFail, problem.ExitCode);
        Assert.Contains("myhostname", problem.Message, StringComparison.Ordinal);
        Assert.Empty(_sweep.Queue.Calls.Skip(calls));
        Assert.Equal(0, _sweep.Count("decisions"));
        Assert.Single(new DecisionSpool(_sweep.SpoolDirectory).Pending());

        _sweep.UseActionDomain(SweepHarness.ActionDomain);
        Assert.Equal(ExitCodes.Ok, _sweep.Apply());
        Assert.Equal("closed", _sweep.StateOf(file.QueueId));
    }

    [Fact]
    public void AdminAlert_PostconfFails_NotRecordedAndSentWhenItWorksAgain()
    {
        _sweep.UseActionDomain("");
        _sweep.Add(new QueueFile
        {
            QueueId = _sweep.NewQueueId(),
            Sender = Alice,
            Recipients = [("bob@example.test", QueueFile.LocalTls)],
            HeaderLines = [$"X-PostTLS-ID: {_sweep.NewTag()}", "Subject: x"],
        });

        Assert.Equal(ExitCodes.Ok, _sweep.Sweep());
        Assert.Empty(_sweep.Queue.Sent);
        Assert.Equal(0, _sweep.Count("notifications"));
        Assert.Contains(_sweep.Log.Lines, l => l.Contains("cannot write the alert to", StringComparison.Ordinal) && l.EndsWith("will retry", StringComparison.Ordinal));

        _sweep.UseActionDomain(SweepHarness.ActionDomain);
        _sweep.Sweep();

        Assert.Single(_sweep.SentTo(SweepHarness.AdminAddress));
    }
}
