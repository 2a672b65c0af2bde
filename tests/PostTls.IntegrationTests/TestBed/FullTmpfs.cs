namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// A small tmpfs mounted over a directory of the test bed and filled to the last byte, so that
/// whatever writes there next fails with ENOSPC: a full disk confined to one directory. The mount
/// root gets the directory's owner and mode, so Postfix sees nothing else change. Dispose unmounts.
/// </summary>
internal sealed class FullTmpfs : IDisposable
{
    /// <summary>Not a valid queue ID (a dash), so pickup(8) leaves it alone in maildrop.</summary>
    private const string FillerName = "posttls-filler";

    private readonly string _directory;
    private bool _mounted;

    private FullTmpfs(string directory)
    {
        _directory = directory;
    }

    public static FullTmpfs Over(string directory)
    {
        var owner = Command.Run("stat", "-c", "%u:%g", directory).EnsureSuccess("stat " + directory).Output.Trim();
        var mode = File.GetUnixFileMode(directory);
        var tmpfs = new FullTmpfs(directory);
        Command.Run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", directory).EnsureSuccess("mount tmpfs on " + directory);
        tmpfs._mounted = true;
        try
        {
            Command.Run("chown", owner, directory).EnsureSuccess("chown " + directory);
            File.SetUnixFileMode(directory, mode);
            tmpfs.Fill();
        }
        catch
        {
            tmpfs.Dispose();
            throw;
        }

        return tmpfs;
    }

    private void Fill()
    {
        var chunk = new byte[4096];
        using var filler = new FileStream(Path.Combine(_directory, FillerName), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
        try
        {
            while (true)
            {
                filler.Write(chunk);
            }
        }
        catch (IOException)
        {
            // ENOSPC: full, as wanted.
        }
    }

    public void Dispose()
    {
        if (!_mounted)
        {
            return;
        }

        // A process may still be leaving the directory; retry briefly rather than leave a mount behind.
        Poll.Until(() => Command.Run("umount", _directory).ExitCode == 0, TimeSpan.FromSeconds(20), () => "cannot unmount " + _directory);
        _mounted = false;
    }
}
