using PostTls.State;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.State;

/// <summary>
/// The -wal and -shm files outlive a run (no two files created and deleted by every sweep):
/// kept owner-only, the -wal emptied at the end of the run, everything written still there.
/// </summary>
public sealed class WalFilesTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void Close_AfterWriting_WalFilesStayOwnerOnlyTheWalEmptiedAndTheRowsKept()
    {
        using var directory = new TempDirectory();
        var wal = directory.File(StateDatabase.FileName + "-wal");
        var shm = directory.File(StateDatabase.FileName + "-shm");

        using (var database = StateDatabase.Open(directory.Path))
        {
            database.Execute("INSERT INTO never_insecure_domains (domain, added_at, added_by) VALUES ('a.example', 1, 'test')");
        }

        Assert.True(File.Exists(wal));
        Assert.True(File.Exists(shm));
        Assert.Equal(0, new FileInfo(wal).Length);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(wal));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(shm));

        using (var database = StateDatabase.Open(directory.Path))
        {
            Assert.Equal("a.example", Assert.Single(new DomainStore(database).List()).Domain);
        }

        Assert.True(File.Exists(wal));
    }
}
