using System.Runtime.InteropServices;

namespace PostTls.Unix;

/// <summary>
/// The libc calls that work relative to an open directory (openat, renameat2, unlinkat, mkdirat,
/// ...), so that root acts on the directory it checked and never resolves a path that another
/// user could change meanwhile. Flag values are Linux's; O_DIRECTORY and O_NOFOLLOW differ on
/// arm64, the other values are the same on every Linux architecture .NET runs on.
/// </summary>
internal static unsafe partial class NativeFiles
{
    public const int ReadOnly = 0; // O_RDONLY
    public const int WriteOnly = 0x1; // O_WRONLY
    public const int Create = 0x40; // O_CREAT
    public const int Exclusive = 0x80; // O_EXCL
    public const int NoControllingTerminal = 0x100; // O_NOCTTY
    public const int Append = 0x400; // O_APPEND
    public const int NonBlocking = 0x800; // O_NONBLOCK
    public const int CloseOnExec = 0x80000; // O_CLOEXEC
    public static readonly int DirectoryOnly = IsArm ? 0x4000 : 0x10000; // O_DIRECTORY
    public static readonly int NoFollow = IsArm ? 0x8000 : 0x20000; // O_NOFOLLOW

    public const int CurrentDirectory = -100; // AT_FDCWD
    public const int RemoveDirectoryFlag = 0x200; // AT_REMOVEDIR
    public const uint NoReplace = 1; // RENAME_NOREPLACE

    public const int NoSuchEntry = 2; // ENOENT
    public const int TryAgain = 11; // EAGAIN
    public const int Exists = 17; // EEXIST
    public const int NotADirectory = 20; // ENOTDIR
    public const int IsADirectory = 21; // EISDIR
    public const int Invalid = 22; // EINVAL
    public const int NotImplemented = 38; // ENOSYS
    public const int TooManyLinks = 40; // ELOOP: O_NOFOLLOW met a symbolic link

    private static bool IsArm => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;

    /// <summary>The text of an errno value, e.g. "No such file or directory".</summary>
    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int openat(SafeHandle directory, string name, int flags, uint mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint read(SafeHandle fd, byte* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint write(SafeHandle fd, byte* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fsync(SafeHandle fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fchmod(SafeHandle fd, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mkdirat(SafeHandle directory, string name, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int unlinkat(SafeHandle directory, string name, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int renameat2(SafeHandle fromDirectory, string from, SafeHandle toDirectory, string to, uint flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int linkat(SafeHandle fromDirectory, string from, SafeHandle toDirectory, string to, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int dup(SafeHandle fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint fdopendir(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint readdir(nint directory);

    [LibraryImport("libc")]
    public static partial void rewinddir(nint directory);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int closedir(nint directory);
}
