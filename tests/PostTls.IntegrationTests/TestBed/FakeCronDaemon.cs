using System.Diagnostics;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// A process named "cron" (a copy of sleep), so that posttls check, which looks for a cron
/// daemon in /proc, finds one on a test machine that has none. Stopped by its pid.
/// </summary>
internal sealed class FakeCronDaemon : IDisposable
{
    private readonly string _directory;
    private readonly Process _process;

    public FakeCronDaemon()
    {
        _directory = Directory.CreateTempSubdirectory("posttls-cron-").FullName;
        var program = Path.Combine(_directory, "cron");
        ExecutableFile.Copy("/bin/sleep", program);
        _process = Process.Start(new ProcessStartInfo(program, ["600"]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("cannot start " + program);
    }

    public void Dispose()
    {
        try
        {
            _process.Kill();
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // it ended already
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
