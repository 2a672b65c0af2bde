using PostTls.Unix;

namespace PostTls.Check;

/// <summary>
/// Whether an unprivileged user can reach, read, write or run a path, from owners and modes
/// (the user's primary group only: that is the group pipe(8) runs the commands with).
/// </summary>
internal static class Access
{
    public static bool Allows(FileStatus status, uint user, uint group, UnixFileMode userBit, UnixFileMode groupBit, UnixFileMode otherBit) =>
        status.UserId == user ? (status.Mode & userBit) != 0
        : status.GroupId == group ? (status.Mode & groupBit) != 0
        : (status.Mode & otherBit) != 0;

    public static bool CanRead(FileStatus status, uint user, uint group) =>
        Allows(status, user, group, UnixFileMode.UserRead, UnixFileMode.GroupRead, UnixFileMode.OtherRead);

    public static bool CanWrite(FileStatus status, uint user, uint group) =>
        Allows(status, user, group, UnixFileMode.UserWrite, UnixFileMode.GroupWrite, UnixFileMode.OtherWrite);

    public static bool CanExecute(FileStatus status, uint user, uint group) =>
        Allows(status, user, group, UnixFileMode.UserExecute, UnixFileMode.GroupExecute, UnixFileMode.OtherExecute);

    /// <summary>The first directory above <paramref name="path"/> the user cannot enter; null when every one lets it through.</summary>
    public static string? BlockingDirectory(ISystemProbe system, string path, uint user, uint group)
    {
        var directory = Path.GetDirectoryName(path);
        var chain = new List<string>();
        while (!string.IsNullOrEmpty(directory))
        {
            chain.Insert(0, directory);
            directory = Path.GetDirectoryName(directory);
        }

        return chain.FirstOrDefault(d => system.Status(d) is { } status && !CanExecute(status, user, group));
    }
}
