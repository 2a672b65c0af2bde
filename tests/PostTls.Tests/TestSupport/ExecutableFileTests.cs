using System.Diagnostics;

namespace PostTls.Tests.TestSupport;

/// <summary>
/// The ETXTBSY race that failed a whole CI run: a program written by the test process while
/// another thread forks could not be run ("Text file busy"). ExecutableFile writes through a
/// child process, so running the new program never meets an inherited write descriptor.
/// With File.Copy in its place this test failed on the first tens of iterations.
/// </summary>
[Collection(ForkSensitiveCollection.Name)]
public sealed class ExecutableFileTests : IDisposable
{
    private const int Iterations = 150;
    private readonly TempDirectory _directory = new();

    [Fact]
    public void Copy_WhileAnotherThreadForks_TheCopyAlwaysRuns()
    {
        var failures = RunWhileForking(i => ExecutableFile.Copy("/bin/true", _directory.File($"true-{i}")));

        Assert.Empty(failures);
    }

    [Fact]
    public void Write_WhileAnotherThreadForks_TheScriptAlwaysRuns_AndNoDraftIsLeft()
    {
        var failures = RunWhileForking(i => ExecutableFile.Write(_directory.File($"script-{i}"), "#!/bin/sh\nexit 0\n"));

        Assert.Empty(failures);
        Assert.Empty(Directory.GetFiles(_directory.Path, "*.draft"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
            File.GetUnixFileMode(_directory.File("script-0")));
    }

    [Fact]
    public void Copy_MissingSource_SaysWhat()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ExecutableFile.Copy(_directory.File("none"), _directory.File("target")));

        Assert.Contains("none", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private static List<string> RunWhileForking(Func<int, string> create)
    {
        using var stop = new CancellationTokenSource();
        var forker = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var child = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false });
                child?.WaitForExit();
            }
        });
        forker.Start();
        var failures = new List<string>();
        try
        {
            for (var i = 0; i < Iterations; i++)
            {
                var program = create(i);
                try
                {
                    using var run = Process.Start(new ProcessStartInfo(program) { UseShellExecute = false })!;
                    run.WaitForExit();
                }
                catch (System.ComponentModel.Win32Exception e)
                {
                    failures.Add($"{i}: {e.Message}");
                }
            }
        }
        finally
        {
            stop.Cancel();
            forker.Join();
        }

        return failures;
    }
}
