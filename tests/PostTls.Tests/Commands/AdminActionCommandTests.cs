using PostTls.Cli;
using PostTls.Run;
using PostTls.State;
using PostTls.Tagging;
using PostTls.Tests.TestSupport;
using static PostTls.Tests.TestSupport.AdminCommandHarness;

namespace PostTls.Tests.Commands;

/// <summary>
/// posttls release, delete and return up to the point where they would need Postfix: argument
/// handling and the answers that come from the database alone. Carrying out an action on a
/// real queue is tested by the integration tests.
/// </summary>
public sealed class AdminActionCommandTests : IDisposable
{
    private const string DecidingKey = "jjjjjjjjjjjjjjjj";
    private const string DecidingQueueId = "C0FFEE1234";
    private const string RefusedKey = "kkkkkkkkkkkkkkkk";
    private const string RefusedQueueId = "D0D0CACA55";

    private readonly AdminCommandHarness _cli = new();

    public AdminActionCommandTests() => _cli.SeedStandard();

    public void Dispose() => _cli.Dispose();

    public static TheoryData<string> Commands => ["release", "delete", "return"];

    [Theory]
    [MemberData(nameof(Commands))]
    public void Act_UnknownMessage_NoInput(string command)
    {
        var status = _cli.Run(command, "4B7C81E2A4");

        Assert.Equal(ExitCodes.NoInput, status);
        Assert.Equal($"posttls {command}: no message 4B7C81E2A4 is known to posttls (see posttls list --all)", Assert.Single(_cli.ErrorLines()));
        Assert.Empty(_cli.Output.ToString());
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Act_NotAName_UsageErrorBeforeTouchingAnything(string command)
    {
        var status = _cli.Run(command, "--dry-run", "--", "-f");

        Assert.Equal(ExitCodes.Usage, status);
        Assert.Contains("is not a queue ID, an X-PostTLS-ID tag or a 16-character key", Assert.Single(_cli.ErrorLines()), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Act_WithoutMessage_UsageError(string command)
    {
        var status = _cli.Run(command);

        Assert.Equal(ExitCodes.Usage, status);
        Assert.StartsWith($"posttls {command}: ", Assert.Single(_cli.ErrorLines()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("release", Seed.ReleasedKey)]
    [InlineData("delete", Seed.ReleasedQueueId)]
    [InlineData("return", Seed.ReleasedTag)]
    [InlineData("release", "--dry-run")]
    [InlineData("delete", "-n")]
    public void Act_AlreadyClosed_SaysSoAndSucceeds(string command, string nameOrOption)
    {
        string[] args = nameOrOption.StartsWith('-') ? [command, nameOrOption, Seed.ReleasedKey] : [command, nameOrOption];

        var status = _cli.Run(args);

        Assert.Equal(ExitCodes.Ok, status);
        Assert.Equal([$"posttls {command}: {Seed.ReleasedQueueId} is already closed: sent without encryption by sender:anna@example.org"], _cli.OutputLines());
        Assert.Empty(_cli.Error.ToString());
    }

    [Fact]
    public void Act_AlreadyClosed_ChangesNothing()
    {
        _cli.Run("delete", Seed.ReleasedKey);

        using var database = _cli.OpenDatabase();
        Assert.Equal(4, new Reports(database).History(new MessageStore(database).FindByKey(Seed.ReleasedKey)!.Id).Count);
        Assert.Single(new Reports(database).Decisions(new MessageStore(database).FindByKey(Seed.ReleasedKey)!.Id));
    }

    [Fact]
    public void Act_SameDecisionUnderWay_SaysSoAndSucceeds()
    {
        SeedDeciding();

        var status = _cli.Run("release", DecidingKey);

        Assert.Equal(ExitCodes.Ok, status);
        Assert.Equal([$"posttls release: {DecidingQueueId}: a decision is being carried out (release by sender:anna@example.org, step held);"
            + " the next sweep or posttls apply finishes it"], _cli.OutputLines());
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("return")]
    public void Act_OtherDecisionUnderWay_TempFail(string command)
    {
        SeedDeciding();

        var status = _cli.Run(command, DecidingQueueId);

        Assert.Equal(ExitCodes.TempFail, status);
        Assert.EndsWith("finishes it; nothing was done", Assert.Single(_cli.ErrorLines()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("release")]
    [InlineData("delete")]
    public void Act_EarlierDecisionCarriedOut_RefusedForThisMessage(string command)
    {
        using (var database = _cli.OpenDatabase())
        {
            var id = new MessageStore(database).Insert(Message(RefusedKey, RefusedKey + ".llllllllllllllll", RefusedQueueId, T - Hour, "anna@example.org", "x",
                MessageState.Open), []);
            var decisions = new DecisionStore(database);
            var decision = decisions.Insert(id, SenderAction.Release, Actor.Sender("anna@example.org"), T - 10 * Minute, null);
            decisions.SetStep(decision.Id, DecisionStep.Done, T - 9 * Minute, "sent without encryption");
        }

        var status = _cli.Run(command, RefusedKey);

        Assert.Equal(ExitCodes.DataError, status);
        var line = Assert.Single(_cli.ErrorLines());
        Assert.Contains("it already had a decision (release by sender:anna@example.org, step done: sent without encryption)", line, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Act_SweepHoldsTheLock_WaitsThenTempFails(string command)
    {
        using var sweep = RunLock.TryAcquire(_cli.DataDirectory, TimeProvider.System);
        Assert.NotNull(sweep);

        var status = _cli.Run(command, Seed.OpenQueueId);

        Assert.Equal(ExitCodes.TempFail, status);
        Assert.Contains("a sweep is running", Assert.Single(_cli.ErrorLines()), StringComparison.Ordinal);
        _cli.AssertNoTrace();
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Act_NoDataDirectory_ConfigError(string command)
    {
        Directory.Delete(_cli.DataDirectory, recursive: true);

        var status = _cli.Run(command, Seed.OpenQueueId);

        Assert.Equal(ExitCodes.Config, status);
        Assert.Contains("run posttls init", Assert.Single(_cli.ErrorLines()), StringComparison.Ordinal);
    }

    /// <summary>Past the database's answers an action needs the key; its absence is a configuration error, and nothing was done.</summary>
    [Theory]
    [MemberData(nameof(Commands))]
    public void Act_NoSecretKey_ConfigErrorAndNothingChanged(string command)
    {
        var status = _cli.Run(command, Seed.OpenQueueId);

        Assert.Equal(ExitCodes.Config, status);
        Assert.Contains("missing.key", Assert.Single(_cli.ErrorLines()), StringComparison.Ordinal);
        using var database = _cli.OpenDatabase();
        Assert.Equal(MessageState.Open, new MessageStore(database).FindByKey(Seed.OpenKey)!.State);
    }

    private void SeedDeciding()
    {
        using var database = _cli.OpenDatabase();
        var messages = new MessageStore(database);
        var id = messages.Insert(Message(DecidingKey, DecidingKey + ".mmmmmmmmmmmmmmmm", DecidingQueueId, T - Hour, "anna@example.org", "x",
            MessageState.Deciding), []);
        var decisions = new DecisionStore(database);
        var decision = decisions.Insert(id, SenderAction.Release, Actor.Sender("anna@example.org"), T - 10 * Minute, "d.decision");
        decisions.SetStep(decision.Id, DecisionStep.Held, T - 9 * Minute);
    }
}
