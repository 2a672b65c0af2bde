using System.Runtime.InteropServices;

namespace PostTls.Unix;

/// <summary>
/// A directory opened with O_DIRECTORY|O_NOFOLLOW, and what root does inside it: every call is
/// relative to this descriptor (openat, renameat2, unlinkat, mkdirat), names are single path
/// components, and nothing follows a symbolic link. Whoever owns the directory can rename
/// entries under our feet; this only guarantees that what is acted on is an entry of THIS
/// directory, never a file a link points to.
/// </summary>
internal sealed class DirectoryHandle : IDisposable
{
    private const int OpenFlags = NativeFiles.ReadOnly | NativeFiles.CloseOnExec;
    private readonly FileDescriptor _descriptor;

    private DirectoryHandle(FileDescriptor descriptor, string path)
    {
        _descriptor = descriptor;
        Path = path;
        Status = DescriptorStatus.Of(descriptor);
    }

    /// <summary>For messages only: the path it was opened by.</summary>
    public string Path { get; }

    /// <summary>Owner and mode as they were when it was opened.</summary>
    public DescriptorStatus Status { get; }

    internal SafeHandle Descriptor => _descriptor;

    /// <exception cref="IOException">Missing, a symbolic link, not a directory, or not readable.</exception>
    public static DirectoryHandle Open(string path) =>
        TryOpen(path, out var errno) ?? throw new IOException($"cannot open the directory {path}: {Reason(path, errno)}");

    /// <returns>null with <paramref name="errno"/> set when it cannot be opened (ENOTDIR: a symbolic link or not a directory).</returns>
    public static DirectoryHandle? TryOpen(string path, out int errno)
    {
        var fd = NativeFiles.open(path, OpenFlags | NativeFiles.DirectoryOnly | NativeFiles.NoFollow, 0);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd < 0 ? null : new DirectoryHandle(new FileDescriptor(fd), path);
    }

    /// <summary>An entry of this directory that is itself a directory (not a link to one).</summary>
    /// <returns>null with <paramref name="errno"/> set: ENOENT missing, ENOTDIR a symbolic link or something else.</returns>
    public DirectoryHandle? OpenDirectory(string name, out int errno)
    {
        var fd = OpenEntry(name, OpenFlags | NativeFiles.DirectoryOnly | NativeFiles.NoFollow, 0, out errno);
        return fd is null ? null : new DirectoryHandle(fd, System.IO.Path.Combine(Path, name));
    }

    /// <summary>openat(2) of an entry; the caller passes O_NOFOLLOW and whatever else it needs.</summary>
    /// <returns>null with <paramref name="errno"/> set when it cannot be opened.</returns>
    public FileDescriptor? OpenEntry(string name, int flags, uint mode, out int errno)
    {
        var fd = NativeFiles.openat(_descriptor, Checked(name), flags, mode);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd < 0 ? null : new FileDescriptor(fd);
    }

    /// <returns>0, or the errno value (EEXIST when the name is taken, by anything).</returns>
    public int MakeDirectory(string name, uint mode) => Result(NativeFiles.mkdirat(_descriptor, Checked(name), mode));

    /// <summary>
    /// Renames an entry within this directory. Without <paramref name="replace"/> an existing
    /// <paramref name="to"/> is never overwritten (RENAME_NOREPLACE; on a file system without it,
    /// link and unlink, which refuse an existing name too).
    /// </summary>
    /// <returns>0, or the errno value.</returns>
    public int Rename(string from, string to, bool replace = false)
    {
        var errno = Result(NativeFiles.renameat2(_descriptor, Checked(from), _descriptor, Checked(to), replace ? 0 : NativeFiles.NoReplace));
        if (errno is NativeFiles.Invalid or NativeFiles.NotImplemented && !replace)
        {
            errno = Result(NativeFiles.linkat(_descriptor, from, _descriptor, to, 0));
            return errno == 0 ? Remove(from) : errno;
        }

        return errno;
    }

    /// <summary>Removes the entry (a link, never what it points to); a directory only when empty.</summary>
    /// <returns>0, or the errno value.</returns>
    public int Remove(string name, bool directory = false) =>
        Result(NativeFiles.unlinkat(_descriptor, Checked(name), directory ? NativeFiles.RemoveDirectoryFlag : 0));

    /// <returns>0, or the errno value.</returns>
    public int ChangeMode(uint mode) => Result(NativeFiles.fchmod(_descriptor, mode));

    /// <summary>fsync(2): makes the renames and removals in it durable.</summary>
    /// <returns>0, or the errno value.</returns>
    public int Sync() => Result(NativeFiles.fsync(_descriptor));

    /// <summary>The names in it, without "." and "..", as they are at this moment.</summary>
    /// <exception cref="IOException">The directory cannot be read.</exception>
    public IReadOnlyList<string> Names() => DirectoryEntries.Read(this);

    public void Dispose() => _descriptor.Dispose();

    /// <summary>errno as text; ELOOP is what O_NOFOLLOW gives for a symbolic link.</summary>
    public static string Reason(int errno) => errno == NativeFiles.TooManyLinks ? "it is a symbolic link" : NativeFiles.Describe(errno);

    /// <summary>
    /// Why <see cref="TryOpen"/> failed, in words. With O_DIRECTORY a symbolic link gives ENOTDIR
    /// like a file does, so for the message (only) the path is looked at without following it.
    /// </summary>
    public static string Reason(string path, int errno) =>
        errno == NativeFiles.NotADirectory && Statx.Of(path, Statx.NoFollow, out var fields) == 0 ? KindReason(fields.Mode) : Reason(errno);

    /// <summary>Why <see cref="OpenDirectory"/> failed for <paramref name="name"/>, in words (see <see cref="Reason(string, int)"/>).</summary>
    public string EntryReason(string name, int errno) =>
        errno == NativeFiles.NotADirectory && Statx.Of(_descriptor, Checked(name), Statx.NoFollow, out var fields) == 0 ? KindReason(fields.Mode) : Reason(errno);

    private static string KindReason(int mode) => "it is " + DescriptorStatus.Describe(DescriptorStatus.KindOf(mode));

    private static int Result(int status) => status == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <exception cref="ArgumentException">Not one path component: nothing else may reach the file system.</exception>
    private static string Checked(string name)
    {
        if (name.Length == 0 || name is "." or ".." || name.Contains('/') || name.Contains('\0'))
        {
            throw new ArgumentException($"not a file name: '{name}'", nameof(name));
        }

        return name;
    }
}
