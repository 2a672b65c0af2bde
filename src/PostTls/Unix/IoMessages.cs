namespace PostTls.Unix;

/// <summary>Turns I/O exceptions into the short text an administrator needs, without a stack trace.</summary>
internal static class IoMessages
{
    public static string Describe(Exception e) => e switch
    {
        FileNotFoundException => "no such file",
        DirectoryNotFoundException => "no such file or directory",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message,
    };
}
