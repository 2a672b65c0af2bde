using System.Diagnostics;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// Many posttls pipe commands at once, each started as pipe(8) starts it (user posttls, empty
/// environment) with its own standard input. All are started before any gets its input, so they
/// really overlap; then every input is written and closed at once, and every exit status collected.
/// </summary>
internal static class PipeRuns
{
    public sealed record Run(IReadOnlyList<string> Arguments, byte[] Input);

    public sealed record Outcome(int ExitCode, string Output);

    public static IReadOnlyList<Outcome> AllAtOnce(string binary, IReadOnlyList<Run> runs)
    {
        var processes = runs.Select(run => Start(binary, run.Arguments)).ToList();
        try
        {
            var outputs = processes.Select(p => p.StandardOutput.ReadToEndAsync()).ToList();
            var errors = processes.Select(p => p.StandardError.ReadToEndAsync()).ToList();
            Parallel.For(0, processes.Count, i =>
            {
                processes[i].StandardInput.BaseStream.Write(runs[i].Input);
                processes[i].StandardInput.Close();
            });
            foreach (var process in processes)
            {
                Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "a posttls process did not finish");
            }

            return processes.Select((p, i) => new Outcome(p.ExitCode, outputs[i].Result + errors[i].Result)).ToList();
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                process.Dispose();
            }
        }
    }

    private static Process Start(string binary, IReadOnlyList<string> arguments)
    {
        var startInfo = new ProcessStartInfo("runuser")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["-u", PostfixTestBed.ServiceUser, "--", "env", "-i", binary, .. arguments])
        {
            startInfo.ArgumentList.Add(argument);
        }

        return Process.Start(startInfo) ?? throw new InvalidOperationException("cannot start runuser");
    }
}
