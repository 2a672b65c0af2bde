using System.Runtime.InteropServices;

namespace PostTls.Unix;

/// <summary>
/// statx(2), read into the few fields PostTLS looks at. statx rather than stat: its struct has
/// one layout on every Linux architecture (glibc 2.28 and later export it), so no
/// per-architecture offsets are needed and the code stays AOT-clean.
/// </summary>
internal static unsafe partial class Statx
{
    public const int EmptyPath = 0x1000; // AT_EMPTY_PATH: the descriptor itself
    public const int NoFollow = 0x100; // AT_SYMLINK_NOFOLLOW
    private const uint BasicStats = 0x7ff; // STATX_BASIC_STATS
    private const int BufferSize = 256; // sizeof(struct statx)
    private const int LinksOffset = 16;
    private const int UserIdOffset = 20;
    private const int GroupIdOffset = 24;
    private const int ModeOffset = 28;
    private const int SizeOffset = 40;

    /// <summary>The fields of struct statx that PostTLS uses; <see cref="Mode"/> includes the type bits (S_IFMT).</summary>
    public readonly record struct Fields(uint Links, uint UserId, uint GroupId, int Mode, long Size);

    /// <summary>statx of a path; <paramref name="flags"/> 0 follows a final symbolic link, <see cref="NoFollow"/> does not.</summary>
    /// <returns>0, or the errno value.</returns>
    public static int Of(string path, int flags, out Fields fields)
    {
        var buffer = stackalloc byte[BufferSize];
        return Result(statx(NativeFiles.CurrentDirectory, path, flags, BasicStats, buffer), buffer, out fields);
    }

    /// <summary>statx of an open descriptor: what was opened, whatever its name points to now.</summary>
    /// <returns>0, or the errno value.</returns>
    public static int Of(SafeHandle descriptor, out Fields fields) => Of(descriptor, "", EmptyPath, out fields);

    /// <summary>statx of an entry of an open directory.</summary>
    /// <returns>0, or the errno value.</returns>
    public static int Of(SafeHandle directory, string name, int flags, out Fields fields)
    {
        var buffer = stackalloc byte[BufferSize];
        return Result(statx(directory, name, flags, BasicStats, buffer), buffer, out fields);
    }

    private static int Result(int status, byte* buffer, out Fields fields)
    {
        if (status != 0)
        {
            fields = default;
            return Marshal.GetLastPInvokeError();
        }

        // The fields are in the machine's byte order.
        var bytes = new ReadOnlySpan<byte>(buffer, BufferSize);
        fields = new Fields(
            MemoryMarshal.Read<uint>(bytes[LinksOffset..]),
            MemoryMarshal.Read<uint>(bytes[UserIdOffset..]),
            MemoryMarshal.Read<uint>(bytes[GroupIdOffset..]),
            MemoryMarshal.Read<ushort>(bytes[ModeOffset..]),
            (long)MemoryMarshal.Read<ulong>(bytes[SizeOffset..]));
        return 0;
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int directory, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(SafeHandle directory, string path, int flags, uint mask, byte* buffer);
}
