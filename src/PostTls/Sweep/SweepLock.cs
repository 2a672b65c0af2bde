namespace PostTls.Sweep;

/// <summary>
/// Only one sweep at a time: an exclusive lock on data_directory/sweep.lock (flock, through
/// FileShare.None), released when the process ends, however it ends.
/// </summary>
internal sealed class SweepLock : IDisposable
{
    public const string FileName = "sweep.lock";
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

    public void Dispose() => _stream.Dispose();
}
