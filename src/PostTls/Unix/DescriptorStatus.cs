using System.Runtime.InteropServices;

namespace PostTls.Unix;

/// <summary>What a name turned out to be once opened.</summary>
internal enum FileKind
{
    Other,
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
}

/// <summary>
/// The status of an open descriptor (fstat through statx): what was opened, not what its name
/// points to by the time anyone looks again. Checks that decide whether root trusts a file are
/// made on this, never on a path.
/// </summary>
internal sealed record DescriptorStatus(FileKind Kind, uint UserId, uint GroupId, UnixFileMode Mode, uint Links, long Size)
{
    /// <exception cref="IOException">statx failed (the descriptor is not open).</exception>
    public static DescriptorStatus Of(SafeHandle descriptor)
    {
        var errno = Statx.Of(descriptor, out var fields);
        if (errno != 0)
        {
            throw new IOException("cannot examine an open file: " + NativeFiles.Describe(errno));
        }

        return new DescriptorStatus(KindOf(fields.Mode), fields.UserId, fields.GroupId, (UnixFileMode)(fields.Mode & 0xFFF), fields.Links, fields.Size);
    }

    /// <summary>The mode as chmod's octal notation, e.g. "0640".</summary>
    public string OctalMode => "0" + Convert.ToString((int)Mode, 8).PadLeft(3, '0');

    /// <summary>For log lines: "a FIFO", "a directory", ...</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Fifo => "a FIFO",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        _ => "not a regular file",
    };

    internal static FileKind KindOf(int mode) => (mode & 0xF000) switch // S_IFMT
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0xA000 => FileKind.SymbolicLink,
        0x1000 => FileKind.Fifo,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        0xC000 => FileKind.Socket,
        _ => FileKind.Other,
    };
}
