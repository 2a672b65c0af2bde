using PostTls.Logging;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Logging;

public sealed class FileSinkTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("posttls-filesink-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>
    /// Many writers at once, each with its own sink, as many filter processes at once: every
    /// line arrives whole. Without O_APPEND, writers that opened the file at the same end
    /// overwrite each other's lines.
    /// </summary>
    [Fact]
    public void Write_ManyWritersAtOnce_EveryLineArrivesWhole()
    {
        var path = Path.Combine(_directory, "posttls.log");
        const int writers = 8;
        const int lines = 300;
        using var start = new Barrier(writers);

        Parallel.For(0, writers, new ParallelOptions { MaxDegreeOfParallelism = writers }, writer =>
        {
            start.SignalAndWait();
            for (var i = 0; i < lines; i++)
            {
                new FileSink(path, TimeProvider.System, TextWriter.Null).Write(LogLevel.Info, "posttls/filter", writer, $"line {writer}-{i} " + new string('x', 100));
            }
        });

        var written = File.ReadAllLines(path);
        Assert.Equal(writers * lines, written.Length);
        Assert.All(written, l => Assert.Matches(@"posttls/filter\[\d+\]: line \d+-\d+ x{100}$", l));
    }

    [Fact]
    public void Write_PathIsASymbolicLink_NotFollowed_LineGoesToTheFallback()
    {
        var target = Path.Combine(_directory, "target");
        File.WriteAllText(target, "untouched\n");
        var link = Path.Combine(_directory, "posttls.log");
        File.CreateSymbolicLink(link, target);
        var fallback = new StringWriter();

        new FileSink(link, TimeProvider.System, fallback).Write(LogLevel.Info, "posttls/sweep", 1, "hello");

        Assert.Equal("untouched\n", File.ReadAllText(target));
        Assert.Contains("cannot write log file", fallback.ToString(), StringComparison.Ordinal);
        Assert.Contains("hello", fallback.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_PathIsAFifoWithoutReader_DoesNotHang_LineGoesToTheFallback()
    {
        var fifo = Path.Combine(_directory, "posttls.log");
        HostileFiles.Fifo(fifo);
        var fallback = new StringWriter();

        var write = Task.Run(() => new FileSink(fifo, TimeProvider.System, fallback).Write(LogLevel.Info, "posttls/sweep", 1, "hello"));

        await write.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("hello", fallback.ToString(), StringComparison.Ordinal);
    }
}
