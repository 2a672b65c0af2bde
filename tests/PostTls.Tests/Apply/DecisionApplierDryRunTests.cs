using PostTls.Spool;
using PostTls.Tagging;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Apply;

/// <summary>
/// A dry run carries decisions out through <c>DryRunDecisionEffects</c>: the report says what
/// would be done, in the same lines as before the split, and nothing in the queue, the spool
/// or the database changes.
/// </summary>
public sealed class DecisionApplierDryRunTests : IDisposable
{
    private const string Alice = "alice@posttls.test";
    private readonly SweepHarness _sweep = new();

    public void Dispose() => _sweep.Dispose();

    private const string Summary = "dry run, nothing changed: queue=1, tracked=0, notices=0, actions=0, decisions={1}, closed=0, skipped lines=0";

    /// <summary>The whole report of the dry run, {0} the queue ID; the lines are those of the version before the split.</summary>
    [Theory]
    [InlineData("delete", "", "would run postsuper -d {0}|would confirm to <alice@posttls.test>: Deleted|" + Summary)]
    [InlineData("release", "",
        "would run postsuper -h {0} (put on hold)|would submit {0} for bob@example.test via example.test|would run postsuper -d {0}"
        + "|would confirm to <alice@posttls.test>: Released|" + Summary)]
    [InlineData("release", "[relay.example]:sub_mission",
        "would refuse: {0} cannot be released: bob@example.test: \"[relay.example]:sub_mission\" has an unusable port \"sub_mission\"|" + Summary)]
    public void Run_DryRun_DescribesTheStepsAndChangesNothing(string decision, string relayhost, string expected)
    {
        if (relayhost.Length > 0)
        {
            _sweep.Queue.ParameterValues["relayhost"] = relayhost;
        }

        var file = _sweep.AddTagged(Alice, "bob@example.test");
        _sweep.Sweep();
        _sweep.Decide(file, decision == "delete" ? SenderAction.Delete : SenderAction.Release, Alice);
        var before = _sweep.Dump();
        var spooled = Directory.GetFiles(_sweep.SpoolDirectory, "*" + DecisionFile.Suffix);

        _sweep.Sweep(dryRun: true);

        var decisions = relayhost.Length > 0 ? 0 : 1; // a refused release is not counted as carried out
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, file.QueueId, decisions).Split('|'),
            _sweep.Report.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(before, _sweep.Dump());
        Assert.Equal(spooled, Directory.GetFiles(_sweep.SpoolDirectory, "*" + DecisionFile.Suffix));
        Assert.DoesNotContain(_sweep.Queue.Calls, c => c.StartsWith("postsuper", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_DryRun_UnreadableSpoolFile_WouldBeSetAside()
    {
        File.WriteAllText(Path.Combine(_sweep.SpoolDirectory, "0000-bad" + DecisionFile.Suffix), "not a decision");

        _sweep.Sweep(dryRun: true);

        Assert.Contains(_sweep.Log.Lines, l => l.Contains("0000-bad" + DecisionFile.Suffix + ": not a decision file; would be set aside", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(_sweep.SpoolDirectory, "0000-bad" + DecisionFile.Suffix)));
    }
}
