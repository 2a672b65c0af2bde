using System.Text;
using PostTls.Unix;

namespace PostTls.Run;

/// <summary>
/// Only one sweep at a time: an exclusive lock on data_directory/sweep.lock (flock, through
/// FileShare.None), released when the process ends, however it ends. The holder writes its pid
/// and start time into the file (<see cref="LockHolder"/>); a run that finds the lock held
/// reads them without taking the lock.
/// </summary>
internal sealed class RunLock : IDisposable
{
    public const string FileName = "sweep.lock";

    /// <summary>
    /// A sweep takes seconds, a first sweep over thousands of new messages some minutes; a lock
    /// held longer than this means a run that hangs (a Postfix command that never returns), and
    /// the run that finds it says so at warning level. The systemd units end a run after
    /// TimeoutStartSec; cron does not.
    /// </summary>
    public static readonly TimeSpan ExpectedHoldTime = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly FileStream _stream;

    private RunLock(FileStream stream)
    {
        _stream = stream;
    }

    /// <returns>null when another sweep holds the lock.</returns>
    public static RunLock? TryAcquire(string dataDirectory, TimeProvider clock)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(Path.Combine(dataDirectory, FileName), new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException) when (File.Exists(Path.Combine(dataDirectory, FileName)))
        {
            return null;
        }

        try
        {
            stream.SetLength(0);
            stream.Write(new LockHolder(Environment.ProcessId, clock.GetUtcNow()).Serialize());
            stream.Flush();
        }
        catch (IOException)
        {
            // A full disk: the lock itself still holds; only the holder's name is missing.
        }

        return new RunLock(stream);
    }

    /// <summary>
    /// For the administrator's commands: a sweep holds the lock for seconds at most, so waiting
    /// briefly beats telling someone at a terminal to try again.
    /// </summary>
    /// <returns>null when the lock was still held after <paramref name="patience"/>.</returns>
    public static RunLock? Wait(string dataDirectory, TimeSpan patience, TimeProvider clock)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (TryAcquire(dataDirectory, clock) is { } acquired)
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

    /// <summary>Who holds the lock, as the holder wrote it; null when that cannot be told.</summary>
    public static LockHolder? Holder(string dataDirectory)
    {
        try
        {
            // Read through the descriptor, not FileStream: .NET would try to flock it and fail.
            using var directory = DirectoryHandle.Open(dataDirectory);
            var content = SmallFile.Read(directory, FileName, directory.Status.UserId, 256);
            return content.Bytes is { } bytes ? LockHolder.Parse(Encoding.ASCII.GetString(bytes)) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
