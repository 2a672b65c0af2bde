using System.Diagnostics;
using System.Globalization;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// The published posttls run as cron or systemd runs it, under /usr/bin/time, with a bound on
/// its run time and its heap: what it took (seconds, peak RSS) is part of the result. The heap
/// limit (DOTNET_GCHeapHardLimit) only keeps a run that reads without end (an old build meeting
/// /dev/zero) from taking the machine's memory before the test fails it.
/// </summary>
internal static class BoundedRun
{
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(30);
    private const string HeapLimit = "0x20000000"; // 512 MiB

    public sealed record Result(PostTlsProcess.Outcome Outcome, TimeSpan Elapsed, long PeakKilobytes)
    {
        public override string ToString() => $"{Outcome}\n(took {Elapsed.TotalSeconds:0.0} s, peak RSS {PeakKilobytes} KiB)";
    }

    /// <exception cref="TimeoutException">It did not finish within <see cref="TimeLimit"/> (it was killed).</exception>
    public static Result Run(PostfixTestBed bed, string command)
    {
        var measurements = Path.Combine(bed.Root, $"time-{Guid.NewGuid():N}");
        var before = bed.PostTlsLogText().Length;
        var timer = Stopwatch.StartNew();
        var result = Command.Run("/usr/bin/time", ["-f", "%M", "-o", measurements, bed.Binary, command, "--config", bed.ConfigFile],
            timeout: TimeLimit, environment: new Dictionary<string, string?> { ["DOTNET_GCHeapHardLimit"] = HeapLimit });
        var elapsed = timer.Elapsed;
        var peak = File.ReadAllLines(measurements).Select(l => long.TryParse(l.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb : -1).Last(kb => kb >= 0);
        File.Delete(measurements);
        return new Result(new PostTlsProcess.Outcome(result, bed.PostTlsLogText()[before..]), elapsed, peak);
    }
}
