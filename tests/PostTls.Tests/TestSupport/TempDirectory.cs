namespace PostTls.Tests.TestSupport;

/// <summary>A fresh directory under /tmp, removed with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    private const UnixFileMode ReadableByAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("posttls-tests-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a file of mode 0644, whatever the umask: posttls refuses a configuration file its group can write.</summary>
    public string WriteFile(string name, string text)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, text);
        System.IO.File.SetUnixFileMode(path, ReadableByAll);
        return path;
    }

    public string WriteFile(string name, byte[] bytes)
    {
        var path = File(name);
        System.IO.File.WriteAllBytes(path, bytes);
        System.IO.File.SetUnixFileMode(path, ReadableByAll);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process we started may still hold a file; /tmp is cleaned eventually.
        }
    }
}
