using System.Diagnostics;
using System.Globalization;
using System.Text;
using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Filter;

/// <summary>Every way reinjection can fail ends in a <see cref="Problem"/> with status 75, so Postfix retries.</summary>
[Collection(ChildProcessCollection.Name)]
public sealed class FilterRunnerFaultTests
{
    private static readonly byte[] SmallMessage = "From: alice@example.org\nSubject: x\n\nbody\n"u8.ToArray();

    [Fact]
    public void Run_SendmailExitsWithOne_TempFailsWithItsFirstErrorLine()
    {
        using var harness = new FilterHarness("cat > /dev/null\necho 'sendmail: fatal: no such user' >&2\necho 'second line' >&2\nexit 1\n");

        var problem = RunExpectingProblem(harness, SmallMessage);

        Assert.Contains("failed with status 1: sendmail: fatal: no such user", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("second line", problem.Message, StringComparison.Ordinal);
        Assert.Contains("warning: ", harness.Log(), StringComparison.Ordinal);
        Assert.Contains("message deferred", harness.Log(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SendmailKilledBySignal_TempFails()
    {
        using var harness = new FilterHarness("cat > /dev/null\nkill -9 $$\n");

        var problem = RunExpectingProblem(harness, SmallMessage);

        Assert.Contains(harness.SendmailPath + " was killed by signal 9", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SendmailExitsWithoutReadingFiveMegabytes_TempFails()
    {
        using var harness = new FilterHarness("exit 0\n");
        var message = new byte[5 * 1024 * 1024];
        "Subject: big\n\n"u8.CopyTo(message);
        message.AsSpan(14).Fill((byte)'x');

        var problem = RunExpectingProblem(harness, message);

        Assert.Contains("cannot pass the message to " + harness.SendmailPath, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SendmailMissing_TempFailsNamingIt()
    {
        using var harness = new FilterHarness();
        var missing = harness.Directory.File("no-such-sendmail");

        var problem = RunExpectingProblem(harness, SmallMessage, $"sendmail_path = {missing}");

        Assert.Contains(missing, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SendmailNotExecutable_TempFails()
    {
        using var harness = new FilterHarness();
        var plain = harness.Directory.WriteFile("not-executable", "#!/bin/sh\nexit 0\n");

        var problem = RunExpectingProblem(harness, SmallMessage, $"sendmail_path = {plain}");

        Assert.Contains(plain, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Run_KeyFileMissingOrWrongLength_TempFailsNamingTheKeyFile(int keyLength)
    {
        using var harness = new FilterHarness();
        var keyFile = harness.Directory.File("other.key");
        if (keyLength >= 0)
        {
            File.WriteAllBytes(keyFile, new byte[keyLength]);
        }

        var problem = RunExpectingProblem(harness, SmallMessage, $"secret_key_file = {keyFile}");

        Assert.Contains(keyFile, problem.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(harness.ArgsPath), "sendmail must not be started without a key");
    }

    public static TheoryData<string, string[]> BadEnvelopes => new()
    {
        { "alice@example.org", [] },
        { "alice@example.org", ["-oQ/tmp/evil"] },
        { "alice@example.org", ["bob@example.net", "-t"] },
        { "alice@example.org", [""] },
        { "alice@example.org\n", ["bob@example.net"] },
    };

    [Theory]
    [MemberData(nameof(BadEnvelopes))]
    public void Run_BadEnvelope_TempFailsWithoutStartingSendmail(string sender, string[] recipients)
    {
        using var harness = new FilterHarness();

        var problem = Assert.Throws<Problem>(() => harness.Run(sender, recipients, SmallMessage));

        Assert.Equal(ExitCodes.TempFail, problem.ExitCode);
        Assert.StartsWith("posttls filter: ", problem.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(harness.ArgsPath), "sendmail must not be started");
    }

    [Fact]
    public void Run_SendmailSlowerThanTimeLimit_TempFailsPromptlyWithoutCallingOnStuck()
    {
        using var harness = new FilterHarness("exec sleep 30\n");
        var clock = Stopwatch.StartNew();

        var problem = RunExpectingProblem(harness, SmallMessage, "reinject_time_limit = 1s");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Contains("reinjection did not finish within 1 s (reinject_time_limit)", problem.Message, StringComparison.Ordinal);
        Assert.Contains("warning: reinjection did not finish within 1 s (reinject_time_limit); message deferred", harness.Log(), StringComparison.Ordinal);
        Assert.Equal(0, harness.StuckCalls);
    }

    [Fact]
    public void Run_SendmailSlowerThanTimeLimitWhileWritingLargeMessage_TempFailsPromptly()
    {
        using var harness = new FilterHarness("exec sleep 30\n");
        var message = new byte[4 * 1024 * 1024];
        "Subject: big\n\n"u8.CopyTo(message);
        message.AsSpan(14).Fill((byte)'x');
        var clock = Stopwatch.StartNew();

        var problem = RunExpectingProblem(harness, message, "reinject_time_limit = 1s");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Contains("reinjection did not finish within 1 s", problem.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.StuckCalls);
    }

    /// <summary>
    /// Real sendmail hands the message to postdrop, a child that inherits sendmail's stderr.
    /// When reinjection hangs, the run must still end promptly with 75 even though such a child
    /// holds stderr open — otherwise pipe(8)'s own time limit ends the filter, and that bounces.
    /// </summary>
    [Fact]
    public void Run_HungSendmailWithChildHoldingStderr_TempFailsPromptly()
    {
        using var harness = new FilterHarness("sleep 30 >/dev/null &\necho $! > \"$DIR/sleep.pid\"\nwait\n");
        var run = Task.Run(() => harness.Run(FilterCorpus.Sender, ["bob@example.net"], SmallMessage, "reinject_time_limit = 1s"));
        bool endedPromptly;
        try
        {
            endedPromptly = ((IAsyncResult)run).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(6));
        }
        finally
        {
            EndProcessNamedIn(harness.Directory.File("sleep.pid"), "sleep");
            Assert.True(((IAsyncResult)run).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "the run did not end even after its grandchild was killed");
        }

        Assert.True(endedPromptly, "the run did not end within 6 s of a 1 s reinject_time_limit");
        var problem = Assert.IsType<Problem>(Assert.IsType<AggregateException>(run.Exception).InnerException);
        Assert.Equal(ExitCodes.TempFail, problem.ExitCode);
        Assert.Contains("reinjection did not finish within 1 s", problem.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// When the main thread is stuck where killing sendmail cannot reach it (here: reading its
    /// input), the watchdog calls onStuck (which exits 75 in the command) after its grace period.
    /// Slow by necessity: the grace period is a fixed 10 s in FilterRunner.
    /// </summary>
    [Fact]
    public void Run_InputHangsPastTimeLimit_CallsOnStuckThenTempFails()
    {
        using var harness = new FilterHarness();
        using var input = new BlockingStream();
        var runner = harness.Runner("reinject_time_limit = 1s");
        var run = Task.Run(() => runner.Run(FilterCorpus.Sender, ["bob@example.net"], input));
        bool stuckReported;
        try
        {
            stuckReported = harness.StuckReported.Wait(TimeSpan.FromSeconds(15));
        }
        finally
        {
            input.Release();
            Assert.True(((IAsyncResult)run).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "the run did not end after its input was released");
        }

        Assert.True(stuckReported, "onStuck was not called");
        Assert.Equal(1, harness.StuckCalls);
        Assert.Contains("warning: reinjection did not finish within 1 s (reinject_time_limit); message deferred", harness.Log(), StringComparison.Ordinal);
        var problem = Assert.IsType<Problem>(Assert.IsType<AggregateException>(run.Exception).InnerException);
        Assert.Equal(ExitCodes.TempFail, problem.ExitCode);
    }

    /// <summary>
    /// A time limit the configuration accepts must work. Above about 49.7 days it exceeds what
    /// System.Threading.Timer takes; it must then be refused as configuration, not crash the run
    /// after sendmail was started — closing sendmail's input hands it an empty message to queue.
    /// </summary>
    [Theory]
    [InlineData("50d")]
    [InlineData("8w")]
    [InlineData("999999999s")]
    public void Run_TimeLimitBeyondTimerRange_RefusedByConfigurationOrReinjectsNormally(string limit)
    {
        using var harness = new FilterHarness("cat > \"$CAPTURED\"\ntouch \"$DIR/done\"\n");
        try
        {
            SettingsLoader.FromText("test.conf", harness.ConfigText($"reinject_time_limit = {limit}"));
        }
        catch (ConfigException)
        {
            return; // Refused up front: fine.
        }

        var error = Record.Exception(() => harness.Run(FilterCorpus.Sender, ["bob@example.net"], SmallMessage,
            $"reinject_time_limit = {limit}"));

        // sendmail may still be running if the run failed early; give it a moment to finish.
        var done = harness.Directory.File("done");
        for (var waited = 0; waited < 2000 && !File.Exists(done); waited += 20)
        {
            Thread.Sleep(20);
        }

        var captured = File.Exists(done) ? Encoding.ASCII.GetString(harness.Captured()) : null;
        Assert.True(error is null,
            $"{error?.GetType().Name}: {error?.Message} — sendmail was handed {captured?.Length.ToString(CultureInfo.InvariantCulture) ?? "no"} bytes");
        Assert.NotNull(captured);
        Assert.StartsWith("X-PostTLS-ID: ", captured, StringComparison.Ordinal);
        Assert.EndsWith("\n" + Encoding.ASCII.GetString(SmallMessage), captured, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_EmptySendmailPathAndNoUsablePostconf_TempFails()
    {
        using var harness = new FilterHarness();

        var problem = RunExpectingProblem(harness, SmallMessage,
            $"sendmail_path =\npostfix_config_directory = {harness.Directory.File("no-such-postfix")}");

        Assert.StartsWith("posttls filter: ", problem.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(harness.ArgsPath), "the configured sendmail_path must not be used when it is empty");
    }

    /// <summary>Kills the process whose id a fake sendmail wrote to <paramref name="pidFile"/>, if it is still that program.</summary>
    private static void EndProcessNamedIn(string pidFile, string name)
    {
        if (!File.Exists(pidFile)
            || !int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.ProcessName == name)
            {
                process.Kill();
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static Problem RunExpectingProblem(FilterHarness harness, byte[] message, string extraConfig = "")
    {
        var problem = Assert.Throws<Problem>(() => harness.Run(FilterCorpus.Sender, ["bob@example.net"], message, extraConfig));
        Assert.Equal(ExitCodes.TempFail, problem.ExitCode);
        Assert.StartsWith("posttls filter: ", problem.Message, StringComparison.Ordinal);
        Assert.EndsWith("; Postfix will retry", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", problem.Message, StringComparison.Ordinal);
        return problem;
    }
}
