namespace PostTls.Unix;

/// <summary>What <see cref="TrustedPath"/> asks of the file system; <see cref="HostFiles"/> is the real one, <c>posttls check</c> passes its own probe.</summary>
internal interface IFileProbe
{
    /// <summary>Owner, group, mode and size, following links; null when the path does not exist.</summary>
    FileStatus? Status(string path);

    /// <summary>The target of a symbolic link as written in it; null when the path is no link or does not exist.</summary>
    string? LinkTarget(string path);
}

/// <summary>The host's file system.</summary>
internal sealed class HostFiles : IFileProbe
{
    public static readonly HostFiles Instance = new();

    public FileStatus? Status(string path) => FileStatus.Of(path);

    public string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
