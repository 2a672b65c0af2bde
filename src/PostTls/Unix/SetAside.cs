namespace PostTls.Unix;

/// <summary>
/// Moves an entry someone else controls out of the way without looking into it: renamed to
/// NAME.bad within the same directory, never over an existing name; when that name is taken,
/// NAME.RANDOM.bad; failing both, removed (the entry only, never what a link points to).
/// </summary>
internal static class SetAside
{
    public const string Suffix = ".bad";

    /// <returns>What was done, for the log line: "set aside as NAME", "removed", or why it stays.</returns>
    public static string Entry(DirectoryHandle directory, string name)
    {
        var aside = name + Suffix;
        var errno = directory.Rename(name, aside);
        if (errno == NativeFiles.Exists)
        {
            aside = $"{name}.{Convert.ToHexStringLower(SystemRandom.GetBytes(4))}{Suffix}";
            errno = directory.Rename(name, aside);
        }

        if (errno == 0)
        {
            _ = directory.Sync();
            return "set aside as " + aside;
        }

        if (errno == NativeFiles.NoSuchEntry)
        {
            return "gone already";
        }

        var removed = directory.Remove(name);
        if (removed == NativeFiles.IsADirectory)
        {
            removed = directory.Remove(name, directory: true);
        }

        return removed == 0 ? "removed" : $"cannot set it aside ({NativeFiles.Describe(errno)}) or remove it ({NativeFiles.Describe(removed)}); left where it is";
    }
}
