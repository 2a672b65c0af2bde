using System.Runtime.InteropServices;

namespace PostTls.Unix;

/// <summary>
/// Owner, group, mode and size of a file, through statx(2). statx is used rather than stat
/// because its struct has one layout on every Linux architecture (glibc 2.28 and later
/// export it), so no per-architecture offsets are needed and the code stays AOT-clean.
/// </summary>
internal sealed partial record FileStatus(uint UserId, uint GroupId, UnixFileMode Mode, long Size, bool IsDirectory, bool IsRegularFile)
{
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const uint BasicStats = 0x7ff; // STATX_BASIC_STATS
    private const int BufferSize = 256; // sizeof(struct statx)
    private const int UserIdOffset = 20;
    private const int GroupIdOffset = 24;
    private const int ModeOffset = 28;
    private const int SizeOffset = 40;
    private const int TypeMask = 0xF000; // S_IFMT
    private const int DirectoryType = 0x4000; // S_IFDIR
    private const int RegularType = 0x8000; // S_IFREG

    /// <summary>The status of <paramref name="path"/>, following symbolic links; null when it does not exist or cannot be examined.</summary>
    public static unsafe FileStatus? Of(string path)
    {
        var buffer = stackalloc byte[BufferSize];
        if (statx(CurrentDirectory, path, 0, BasicStats, buffer) != 0)
        {
            return null;
        }

        // The fields are in the machine's byte order.
        var bytes = new ReadOnlySpan<byte>(buffer, BufferSize);
        var mode = MemoryMarshal.Read<ushort>(bytes[ModeOffset..]);
        return new FileStatus(
            MemoryMarshal.Read<uint>(bytes[UserIdOffset..]),
            MemoryMarshal.Read<uint>(bytes[GroupIdOffset..]),
            (UnixFileMode)(mode & 0xFFF),
            (long)MemoryMarshal.Read<ulong>(bytes[SizeOffset..]),
            (mode & TypeMask) == DirectoryType,
            (mode & TypeMask) == RegularType);
    }

    /// <summary>The mode as Postfix's and chmod's octal notation, e.g. "0640".</summary>
    public string OctalMode => "0" + Convert.ToString((int)Mode, 8).PadLeft(3, '0');

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int statx(int directory, string path, int flags, uint mask, byte* buffer);
}
