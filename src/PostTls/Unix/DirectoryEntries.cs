using System.Runtime.InteropServices;

namespace PostTls.Unix;

/// <summary>
/// readdir(3) over an open directory (fdopendir on a duplicate of its descriptor), so the names
/// come from the directory that was checked, not from whatever its path leads to now.
/// </summary>
internal static class DirectoryEntries
{
    // struct dirent on 64-bit glibc, the same on every architecture: d_ino (8), d_off (8),
    // d_reclen (2), d_type (1), then d_name.
    private const int NameOffset = 19;

    /// <exception cref="IOException">The directory cannot be read.</exception>
    public static IReadOnlyList<string> Read(DirectoryHandle directory)
    {
        var copy = NativeFiles.dup(directory.Descriptor);
        if (copy < 0)
        {
            throw new IOException($"cannot read the directory {directory.Path}: {NativeFiles.Describe(Marshal.GetLastPInvokeError())}");
        }

        var stream = NativeFiles.fdopendir(copy);
        if (stream == 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            _ = NativeFiles.close(copy);
            throw new IOException($"cannot read the directory {directory.Path}: {NativeFiles.Describe(errno)}");
        }

        try
        {
            // The duplicate shares the read position with the original: start at the top.
            NativeFiles.rewinddir(stream);
            var names = new List<string>();
            while (true)
            {
                var entry = NativeFiles.readdir(stream);
                if (entry == 0)
                {
                    var errno = Marshal.GetLastPInvokeError(); // 0 at the end
                    return errno == 0 ? names : throw new IOException($"cannot read the directory {directory.Path}: {NativeFiles.Describe(errno)}");
                }

                var name = Marshal.PtrToStringUTF8(entry + NameOffset);
                if (name is not null and not "." and not "..")
                {
                    names.Add(name);
                }
            }
        }
        finally
        {
            _ = NativeFiles.closedir(stream);
        }
    }
}
