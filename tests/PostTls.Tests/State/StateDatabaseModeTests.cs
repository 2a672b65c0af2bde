using PostTls.State;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.State;

/// <summary>The database holds senders, recipients and subjects: 0600 whatever the umask, as posttls check demands.</summary>
public sealed class StateDatabaseModeTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public void Open_NewDatabase_IsOwnerOnlyWithItsWalFiles()
    {
        using var directory = new TempDirectory();

        using (var database = StateDatabase.Open(directory.Path))
        {
            database.Execute("INSERT INTO never_insecure_domains (domain, added_at, added_by) VALUES ('a.example', 1, 'test')");
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(directory.File(StateDatabase.FileName)));
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(directory.File(StateDatabase.FileName + "-wal")));
        }
    }

    [Fact]
    public void Open_WorldReadableDatabase_IsTightened()
    {
        using var directory = new TempDirectory();
        StateDatabase.Open(directory.Path).Dispose();
        File.SetUnixFileMode(directory.File(StateDatabase.FileName), (UnixFileMode)0b110_100_100);

        StateDatabase.Open(directory.Path).Dispose();

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(directory.File(StateDatabase.FileName)));
    }
}
