namespace PostTls.Postfix;

/// <summary>
/// Finds Postfix's programs. pipe(8) runs us with an almost empty environment (often no PATH),
/// so the usual command directories are searched after PATH.
/// </summary>
internal static class PostfixCommands
{
    private static readonly string[] FallbackDirectories = ["/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin", "/sbin"];

    /// <summary>The full path of <paramref name="program"/>, or null when it is nowhere to be found.</summary>
    public static string? Find(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(FallbackDirectories))
        {
            if (!directory.StartsWith('/'))
            {
                continue; // never run a program found through a relative PATH entry
            }

            var candidate = System.IO.Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
