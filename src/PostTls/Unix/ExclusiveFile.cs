namespace PostTls.Unix;

/// <summary>
/// Writes a new file in a checked directory: created with O_CREAT|O_EXCL|O_NOFOLLOW (never an
/// existing file, never through a link), given its mode on the descriptor (whatever the umask),
/// and flushed to disk before it is closed.
/// </summary>
internal static unsafe class ExclusiveFile
{
    private const int Flags = NativeFiles.WriteOnly | NativeFiles.Create | NativeFiles.Exclusive | NativeFiles.CloseOnExec;

    /// <exception cref="IOException">It cannot be created or written; a partly written file is removed.</exception>
    public static void Write(DirectoryHandle directory, string name, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        using var file = directory.OpenEntry(name, Flags | NativeFiles.NoFollow, (uint)mode, out var errno)
            ?? throw new IOException($"cannot create {Path.Combine(directory.Path, name)}: {NativeFiles.Describe(errno)}");
        try
        {
            fixed (byte* start = content)
            {
                var done = 0;
                while (done < content.Length)
                {
                    var count = NativeFiles.write(file, start + done, (nuint)(content.Length - done));
                    if (count <= 0)
                    {
                        throw Failure(directory, name, "write");
                    }

                    done += (int)count;
                }
            }

            if (NativeFiles.fchmod(file, (uint)mode) != 0 || NativeFiles.fsync(file) != 0)
            {
                throw Failure(directory, name, "flush");
            }
        }
        catch (IOException)
        {
            _ = directory.Remove(name);
            throw;
        }
    }

    private static IOException Failure(DirectoryHandle directory, string name, string what) =>
        new($"cannot {what} {Path.Combine(directory.Path, name)}: {NativeFiles.Describe(System.Runtime.InteropServices.Marshal.GetLastPInvokeError())}");
}
