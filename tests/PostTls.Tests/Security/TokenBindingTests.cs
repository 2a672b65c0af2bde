using System.Text.RegularExpressions;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Security;

/// <summary>
/// Action addresses through the real path: the sweep notifies, the sender's mail reaches
/// decide, the next sweep applies. A token acts once, on its own message only, and only for
/// the sender it was issued to.
/// </summary>
public sealed partial class TokenBindingTests : IDisposable
{
    private const string Alice = "alice@posttls.test";
    private const string Mallory = "mallory@posttls.test";

    private readonly SweepHarness _sweep = new();
    private readonly QueueFile _first;
    private readonly QueueFile _second;

    public TokenBindingTests()
    {
        _first = _sweep.AddTagged(Alice, "bob@example.test");
        _second = _sweep.AddTagged(Alice, "carol@example.test");
        Assert.Equal(0, _sweep.Sweep());
    }

    public void Dispose() => _sweep.Dispose();

    [Fact]
    public void Decide_SameTokenTwiceBeforeApply_CarriedOutOnceThenRefused()
    {
        var delete = Address(_first, "delete");

        Assert.Equal((0, ""), Decide(Alice, delete));
        Assert.Equal((0, ""), Decide(Alice, delete)); // not carried out yet: decide cannot know
        Assert.Equal(0, _sweep.Sweep());

        Assert.Null(_sweep.Queue.Find(_first.QueueId));
        Assert.Equal(1, _sweep.Queue.CallCount($"postsuper -d {_first.QueueId}"));
        Assert.Equal(1, _sweep.Count("decisions"));
        Assert.Equal(1, _sweep.Count("audit_log", "action = 'decision refused'"));
        Assert.Empty(Directory.GetFiles(_sweep.SpoolDirectory, "*.decision"));

        var replay = Decide(Alice, delete);
        DecideCall.AssertRefused(replay);
        Assert.Contains("already carried out", replay.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_sweep.SpoolDirectory, "*.decision"));
    }

    [Fact]
    public void Decide_DeleteThenSendForOneMessage_FirstDecisionOnlyNoRelease()
    {
        Assert.Equal((0, ""), Decide(Alice, Address(_first, "delete")));
        Assert.Equal((0, ""), Decide(Alice, Address(_first, "send")));
        Assert.Equal(0, _sweep.Sweep());

        Assert.Null(_sweep.Queue.Find(_first.QueueId));
        Assert.Equal(0, _sweep.Queue.CallCount($"postsuper -h {_first.QueueId}"));
        Assert.Equal(1, _sweep.Count("decisions"));
    }

    [Fact]
    public void Decide_TokenOfOneMessage_NeverActsOnTheOther()
    {
        Assert.Equal((0, ""), Decide(Alice, Address(_first, "delete")));
        Assert.Equal(0, _sweep.Sweep());

        Assert.Null(_sweep.Queue.Find(_first.QueueId));
        Assert.NotNull(_sweep.Queue.Find(_second.QueueId));
        Assert.DoesNotContain(_sweep.Queue.Calls, c => c.StartsWith("postsuper", StringComparison.Ordinal) && c.EndsWith(_second.QueueId, StringComparison.Ordinal));
        Assert.Equal("open", _sweep.StateOf(_second.QueueId));
    }

    [Fact]
    public void Decide_TokenWithTheOtherMessagesKey_Refused()
    {
        var first = Address(_first, "delete");
        var second = Address(_second, "delete");
        var swapped = first.Replace(KeyOf(first), KeyOf(second), StringComparison.Ordinal);

        DecideCall.AssertRefused(Decide(Alice, swapped));
        Assert.Equal(0, _sweep.Sweep());

        Assert.NotNull(_sweep.Queue.Find(_first.QueueId));
        Assert.NotNull(_sweep.Queue.Find(_second.QueueId));
    }

    [Fact]
    public void Decide_TokenReplayedByAnotherSender_RefusedAndNothingApplied()
    {
        var result = Decide(Mallory, Address(_first, "delete"));

        DecideCall.AssertRefused(result);
        Assert.Contains($"was not issued to <{Mallory}>", result.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_sweep.SpoolDirectory));
        Assert.Equal(0, _sweep.Sweep());
        Assert.NotNull(_sweep.Queue.Find(_first.QueueId));
        Assert.Equal(0, _sweep.Count("decisions"));
    }

    private (int Status, string Output) Decide(string sender, string address) =>
        DecideCall.Run(_sweep.Settings, _sweep.Key, _sweep.Clock, _sweep.Log, sender, address);

    /// <summary>The action address for <paramref name="word"/> in the notice about <paramref name="file"/>.</summary>
    private string Address(QueueFile file, string word)
    {
        var notices = _sweep.SentTo(Alice).Where(m => m.Text.Contains(file.Recipients[0].Address, StringComparison.Ordinal)).ToList();
        var addresses = ActionAddress().Matches(Assert.Single(notices).Text).Select(m => m.Value).Distinct().ToList();
        return Assert.Single(addresses, a => a.StartsWith($"posttls-{word}-", StringComparison.Ordinal));
    }

    private static string KeyOf(string address) => address.Split('-')[2];

    [GeneratedRegex(@"posttls-(send|delete)-[a-z2-7]{16}-[0-9]+-[a-z2-7]{16}@action\.posttls\.test")]
    private static partial Regex ActionAddress();
}
