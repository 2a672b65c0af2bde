using PostTls.Cli;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Filter;

/// <summary>
/// When the input ends because pipe(8) died, the message is cut short: sendmail is killed before
/// its input is closed (closing would queue the fragment) and the run defers.
/// </summary>
[Collection(ChildProcessCollection.Name)]
public sealed class FilterRunnerWriterDiedTests
{
    private static readonly byte[] Message = "From: alice@example.org\nSubject: x\n\nbody\n"u8.ToArray();

    /// <summary>Captures into a side file and renames it only after its input ended normally.</summary>
    private const string CommittingSendmail = "cat > \"$CAPTURED.part\" && mv \"$CAPTURED.part\" \"$CAPTURED\"\n";

    [Fact]
    public void Run_WriterDiedWhenInputEnded_TempFailsAndSendmailNeverCommits()
    {
        using var harness = new FilterHarness(CommittingSendmail);
        using var input = new MemoryStream(Message);

        var problem = Assert.Throws<Problem>(() => harness.Runner(writerDied: () => true).Run(FilterCorpus.Sender, ["bob@example.net"], input));

        Assert.Equal(ExitCodes.TempFail, problem.ExitCode);
        Assert.Contains($"the input ended because its writer died, after {Message.Length} bytes; nothing reinjected", problem.Message, StringComparison.Ordinal);
        Assert.Contains("message deferred", harness.Log(), StringComparison.Ordinal);
        Thread.Sleep(300); // a surviving sendmail would rename its capture now
        Assert.False(File.Exists(harness.CapturedPath), "sendmail committed the cut-short message");
    }

    [Fact]
    public void Run_WriterAliveWhenInputEnded_Reinjects()
    {
        using var harness = new FilterHarness(CommittingSendmail);
        using var input = new MemoryStream(Message);
        var asked = 0;

        var status = harness.Runner(writerDied: () => { asked++; return false; }).Run(FilterCorpus.Sender, ["bob@example.net"], input);

        Assert.Equal(ExitCodes.Ok, status);
        Assert.Equal(1, asked);
        Assert.True(harness.Captured().AsSpan().EndsWith(Message), "the message was not reinjected whole");
    }
}
