using System.Runtime.InteropServices;

namespace PostTls.Unix;

/// <summary>
/// fsync(2) of a directory, which makes a rename in it durable. .NET refuses to open
/// directories as files, so this goes to libc.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;
    private const int DirectoryFlag = 0x10000; // O_DIRECTORY on Linux

    /// <exception cref="IOException">The directory cannot be opened or synced.</exception>
    public static void Flush(string directory)
    {
        var fd = open(directory, ReadOnly | DirectoryFlag);
        if (fd < 0)
        {
            throw new IOException($"cannot open {directory}: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        try
        {
            if (fsync(fd) != 0)
            {
                throw new IOException($"cannot sync {directory}: {Marshal.GetLastPInvokeErrorMessage()}");
            }
        }
        finally
        {
            _ = close(fd);
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
