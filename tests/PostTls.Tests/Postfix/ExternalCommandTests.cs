using System.Diagnostics;
using PostTls.Postfix;

namespace PostTls.Tests.Postfix;

public sealed class ExternalCommandTests
{
    [Fact]
    public void Run_HungProgram_IsKilledAtTheLimitAndSaysSo()
    {
        var clock = Stopwatch.StartNew();

        var result = ExternalCommand.Run("/bin/sleep", ["60"], TimeSpan.FromMilliseconds(500));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.Equal(ExternalCommand.TimedOutCode, result.ExitCode);
        Assert.Contains("/bin/sleep did not finish within 1 s and was killed", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ProgramThatFinishes_IsNotTimedOut()
    {
        var result = ExternalCommand.Run("/bin/echo", ["ok"], TimeSpan.FromSeconds(30));

        Assert.True(result.Succeeded);
        Assert.False(result.TimedOut);
        Assert.Equal("ok\n", result.Output);
    }

    [Fact]
    public void Run_ProgramAnswersWhileItReads_LargeInputDoesNotDeadlock()
    {
        // More than any pipe buffer: cat writes its output before it has read all of its input.
        var input = new byte[4 << 20];
        new Random(75).NextBytes(input);

        var (exitCode, output, _) = ExternalCommand.RunBinary("/bin/cat", [], TimeSpan.FromSeconds(60), input);

        Assert.Equal(0, exitCode);
        Assert.Equal(input, output);
    }

    [Fact]
    public void Run_MissingProgram_FailsWithoutTimingOut()
    {
        var result = ExternalCommand.Run("/nonexistent/postqueue", ["-j"], TimeSpan.FromSeconds(30));

        Assert.False(result.Succeeded);
        Assert.False(result.TimedOut);
        Assert.Contains("cannot run /nonexistent/postqueue", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void RunStreaming_LargeOutput_HandedOverInPiecesInOrder()
    {
        var input = new byte[3 << 20];
        new Random(76).NextBytes(input);
        var received = new MemoryStream();
        var pieces = 0;

        var (exitCode, _) = ExternalCommand.RunStreaming("/bin/cat", [], TimeSpan.FromSeconds(60), piece =>
        {
            pieces++;
            received.Write(piece);
        }, input);

        Assert.Equal(0, exitCode);
        Assert.True(pieces > 1, $"{pieces} piece(s)");
        Assert.Equal(input, received.ToArray());
    }

    [Fact]
    public void RunStreaming_HungAfterSomeOutput_IsKilledAtTheLimit()
    {
        var clock = Stopwatch.StartNew();
        var received = new MemoryStream();

        var (exitCode, error) = ExternalCommand.RunStreaming("/bin/sh", ["-c", "echo partial; exec sleep 60"], TimeSpan.FromMilliseconds(500),
            piece => received.Write(piece));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Equal(ExternalCommand.TimedOutCode, exitCode);
        Assert.Contains("did not finish within", error, StringComparison.Ordinal);
    }
}
