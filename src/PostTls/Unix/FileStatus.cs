namespace PostTls.Unix;

/// <summary>Owner, group, mode and size of a file, through statx(2) (see <see cref="Statx"/>).</summary>
internal sealed record FileStatus(uint UserId, uint GroupId, UnixFileMode Mode, long Size, bool IsDirectory, bool IsRegularFile)
{
    private const int TypeMask = 0xF000; // S_IFMT
    private const int DirectoryType = 0x4000; // S_IFDIR
    private const int RegularType = 0x8000; // S_IFREG

    /// <summary>The status of <paramref name="path"/>, following symbolic links; null when it does not exist or cannot be examined.</summary>
    public static FileStatus? Of(string path) => Read(path, 0);

    /// <summary>
    /// The status of <paramref name="path"/> itself: a symbolic link is reported as neither a
    /// directory nor a regular file. Null when it does not exist or cannot be examined.
    /// </summary>
    public static FileStatus? OfLink(string path) => Read(path, Statx.NoFollow);

    private static FileStatus? Read(string path, int flags)
    {
        if (Statx.Of(path, flags, out var fields) != 0)
        {
            return null;
        }

        return new FileStatus(fields.UserId, fields.GroupId, (UnixFileMode)(fields.Mode & 0xFFF), fields.Size,
            (fields.Mode & TypeMask) == DirectoryType, (fields.Mode & TypeMask) == RegularType);
    }

    /// <summary>The mode as Postfix's and chmod's octal notation, e.g. "0640".</summary>
    public string OctalMode => "0" + Convert.ToString((int)Mode, 8).PadLeft(3, '0');
}
