using PostTls.Tagging;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Apply;

/// <summary>
/// "Send without encryption" when the next hop cannot go into the routing header: refused before
/// anything is held, the sender told why, the message left as it was, another decision possible.
/// </summary>
public sealed class DecisionApplierNextHopTests : IDisposable
{
    private const string Alice = "alice@posttls.test";
    private readonly SweepHarness _sweep = new();

    public void Dispose() => _sweep.Dispose();

    [Theory]
    [InlineData("[relay.\u05D3\u05D5\u05D2\u05DE\u05D4.example]:587", "U+05D3")]
    [InlineData("[relay.example]:sub_mission", "unusable port")]
    public void Release_NextHopCannotBeWritten_RefusedBeforeHold_SenderTold_DeleteStillPossible(string relayhost, string why)
    {
        _sweep.Queue.ParameterValues["relayhost"] = relayhost;
        var file = Decided(SenderAction.Release);

        _sweep.Sweep();

        Assert.DoesNotContain(_sweep.Queue.Calls, c => c.StartsWith("postsuper", StringComparison.Ordinal));
        Assert.Equal("deferred", file.QueueName);
        Assert.Equal("open", _sweep.StateOf(file.QueueId));
        var confirmation = _sweep.SentTo(Alice)[^1].Text;
        Assert.Contains("cannot be routed to the mail server of bob@example.test", confirmation.Replace("\r\n", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains(why, confirmation, StringComparison.Ordinal);
        Assert.Contains(_sweep.Log.Lines, l => l.Contains("send without encryption refused, no copy can be routed", StringComparison.Ordinal) && l.Contains(why, StringComparison.Ordinal));
        Assert.Equal(1, _sweep.Count("audit_log", "action = 'release refused'"));

        _sweep.Decide(file, SenderAction.Delete, Alice);
        _sweep.Sweep();

        Assert.Null(_sweep.Queue.Find(file.QueueId));
        Assert.Equal("closed", _sweep.StateOf(file.QueueId));
    }

    [Fact]
    public void Release_NextHopList_PlannedInTheRoutingHeadersForm()
    {
        _sweep.Queue.ParameterValues["relayhost"] = "[mx1.example]:587, [mx2.example]:587";
        _sweep.Queue.ParameterValues["queue_directory"] = "/nonexistent"; // stops at the listener: the plan is what is looked at
        var file = Decided(SenderAction.Release);

        _sweep.Sweep();

        Assert.Equal(1, _sweep.Count("releases", "nexthop = '[mx1.example]:587,[mx2.example]:587'"));
        Assert.Contains($"postsuper -h {file.QueueId}", _sweep.Queue.Calls);
    }

    /// <summary>Tracked and notified by a sweep, then the sender's decision dropped as decide drops it.</summary>
    private QueueFile Decided(SenderAction action)
    {
        var file = _sweep.AddTagged(Alice, "bob@example.test");
        _sweep.Sweep();
        _sweep.Decide(file, action, Alice);
        return file;
    }
}
