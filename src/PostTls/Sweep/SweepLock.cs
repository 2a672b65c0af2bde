namespace PostTls.Sweep;

/// <summary>
/// Only one sweep at a time: an exclusive lock on data_directory/sweep.lock (flock, through
/// FileShare.None), released when the process ends, however it ends.
/// </summary>
internal sealed class SweepLock : IDisposable
{
    public const string FileName = "sweep.lock";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly FileStream _stream;

    private SweepLock(FileStream stream)
    {
        _stream = stream;
    }

    /// <returns>null when another sweep holds the lock.</returns>
    public static SweepLock? TryAcquire(string dataDirectory)
    {
        try
        {
            var stream = new FileStream(Path.Combine(dataDirectory, FileName), new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            return new SweepLock(stream);
        }
        catch (IOException) when (File.Exists(Path.Combine(dataDirectory, FileName)))
        {
            return null;
        }
    }

    /// <summary>
    /// For the administrator's commands: a sweep holds the lock for seconds at most, so waiting
    /// briefly beats telling someone at a terminal to try again.
    /// </summary>
    /// <returns>null when the lock was still held after <paramref name="patience"/>.</returns>
    public static SweepLock? Wait(string dataDirectory, TimeSpan patience)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (TryAcquire(dataDirectory) is { } acquired)
            {
                return acquired;
            }

            if (waited.Elapsed >= patience)
            {
                return null;
            }

            Thread.Sleep(PollInterval);
        }
    }

    public void Dispose() => _stream.Dispose();
}
