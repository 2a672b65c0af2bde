using System.Diagnostics;
using PostTls.Postfix;

namespace PostTls.Tests.Postfix;

/// <summary>A command started now and read later (the sweep's early postqueue -j).</summary>
public sealed class RunningCommandTests
{
    [Fact]
    public void Finish_AfterTheProgramRan_AllItsOutputAndItsStatus()
    {
        using var command = RunningCommand.Start("/bin/sh", ["-c", "printf 'one\\ntwo\\n'; echo warn >&2; exit 3"], TimeSpan.FromSeconds(30));
        Thread.Sleep(200); // it has written and ended before anyone reads

        var output = new MemoryStream();
        var (exitCode, error) = command.Finish(piece => output.Write(piece));

        Assert.Equal(3, exitCode);
        Assert.Equal("warn\n", error);
        Assert.Equal("one\ntwo\n"u8.ToArray(), output.ToArray());
    }

    [Fact]
    public void Dispose_NeverFinished_KillsAndReapsTheProgram()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"posttls-running-{Guid.NewGuid():N}");
        var clock = Stopwatch.StartNew();
        int pid;
        try
        {
            using (RunningCommand.Start("/bin/sh", ["-c", $"echo $$ > {pidFile}; exec sleep 60"], TimeSpan.FromSeconds(120)))
            {
                while (!File.Exists(pidFile) || new FileInfo(pidFile).Length == 0)
                {
                    Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the program did not start");
                    Thread.Sleep(20);
                }

                pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(Directory.Exists($"/proc/{pid}"));
            }
        }
        finally
        {
            File.Delete(pidFile);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.False(Directory.Exists($"/proc/{pid}"), $"process {pid} outlived its command");
    }

    [Fact]
    public void Finish_TimeLimitCountsFromTheStart()
    {
        using var command = RunningCommand.Start("/bin/sleep", ["60"], TimeSpan.FromMilliseconds(300));
        Thread.Sleep(1000);

        var (exitCode, error) = command.Finish(_ => { });

        Assert.Equal(ExternalCommand.TimedOutCode, exitCode);
        Assert.Contains("did not finish within", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Finish_ProgramMissing_MinusOneAndWhy()
    {
        using var command = RunningCommand.Start("/nonexistent/postqueue", ["-j"], TimeSpan.FromSeconds(5));

        var (exitCode, error) = command.Finish(_ => { });

        Assert.Equal(-1, exitCode);
        Assert.StartsWith("cannot run /nonexistent/postqueue", error, StringComparison.Ordinal);
    }
}
