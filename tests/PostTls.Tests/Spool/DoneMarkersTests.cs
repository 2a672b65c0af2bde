using PostTls.Spool;
using PostTls.Tests.TestSupport;
using PostTls.Unix;

namespace PostTls.Tests.Spool;

/// <summary>
/// done/ in the spool is root's: whatever posttls (the spool's owner) puts in its place is set
/// aside unread and a new one is made; nothing is ever written through a name posttls chose.
/// </summary>
public sealed class DoneMarkersTests : IDisposable
{
    private const string Key = "aaisem2ekvthpcez";
    private readonly TempDirectory _directory = new();
    private readonly List<string> _warnings = [];

    public DoneMarkersTests()
    {
        Directory.CreateDirectory(SpoolPath);
        File.WriteAllText(Canary, "canary");
        Directory.CreateDirectory(RootsDirectory);
    }

    public void Dispose() => _directory.Dispose();

    private string SpoolPath => _directory.File("spool");

    private string DonePath => Path.Combine(SpoolPath, "done");

    private string Canary => _directory.File("canary");

    private string RootsDirectory => _directory.File("roots");

    private DoneMarkers Markers => new(SpoolPath, _warnings.Add);

    private void AssertDoneIsRootsWithTheMarker()
    {
        var status = FileStatus.OfLink(DonePath)!;
        Assert.True(status.IsDirectory);
        Assert.Equal(0u, status.UserId);
        Assert.Equal(DoneMarkers.DirectoryMode, status.Mode);
        Assert.Equal("deleted by sender:alice@posttls.test", Markers.Read(Key));
        Assert.Equal("canary", File.ReadAllText(Canary));
        Assert.Empty(Directory.GetFileSystemEntries(RootsDirectory));
    }

    [Fact]
    public void Ensure_Missing_CreatedRootsAndMode0755Once()
    {
        Assert.True(Markers.Ensure());
        Assert.False(Markers.Ensure());

        var status = FileStatus.OfLink(DonePath)!;
        Assert.True(status.IsDirectory);
        Assert.Equal(DoneMarkers.DirectoryMode, status.Mode);
        Assert.Empty(_warnings);
    }

    [Fact]
    public void Mark_DoneIsALinkToAnotherDirectory_SetAsideRecreatedNothingWrittenThere()
    {
        File.CreateSymbolicLink(DonePath, RootsDirectory);

        Markers.Mark(Key, "deleted by sender:alice@posttls.test");

        AssertDoneIsRootsWithTheMarker();
        Assert.Equal(RootsDirectory, new FileInfo(Path.Combine(SpoolPath, "done.bad")).LinkTarget);
        Assert.Contains(_warnings, w => w.Contains("is not a directory (it is a symbolic link): set aside as done.bad", StringComparison.Ordinal));
    }

    [Fact]
    public void Mark_DoneOfAnotherOwnerWithALinkedMarker_SetAsideTargetUntouched()
    {
        Directory.CreateDirectory(DonePath);
        File.CreateSymbolicLink(Path.Combine(DonePath, Key), Canary);
        HostileFiles.Owner(DonePath, HostileFiles.Nobody);

        Markers.Mark(Key, "deleted by sender:alice@posttls.test");

        AssertDoneIsRootsWithTheMarker();
        Assert.Equal(Canary, new FileInfo(Path.Combine(SpoolPath, "done.bad", Key)).LinkTarget);
        Assert.Contains(_warnings, w => w.Contains($"is owned by uid {HostileFiles.Nobody}, not root: set aside as done.bad", StringComparison.Ordinal));
    }

    [Fact]
    public void Mark_DoneWritableByOthers_SetAside()
    {
        Directory.CreateDirectory(DonePath);
        File.SetUnixFileMode(DonePath, (UnixFileMode)0b111_111_111);

        Markers.Mark(Key, "deleted by sender:alice@posttls.test");

        AssertDoneIsRootsWithTheMarker();
        Assert.Contains(_warnings, w => w.Contains("is writable by others than root (mode 0777)", StringComparison.Ordinal));
    }

    [Fact]
    public void Mark_DoneIsAFifo_SetAsideWithoutBlocking()
    {
        HostileFiles.Fifo(DonePath);

        Markers.Mark(Key, "deleted by sender:alice@posttls.test");

        AssertDoneIsRootsWithTheMarker();
    }

    [Fact]
    public void Mark_DoneRootsButClosed_OpenedTo0755SoDecideCanRead()
    {
        Directory.CreateDirectory(DonePath);
        File.SetUnixFileMode(DonePath, (UnixFileMode)0b111_000_000);

        Markers.Mark(Key, "deleted by sender:alice@posttls.test");

        AssertDoneIsRootsWithTheMarker();
        Assert.Empty(_warnings);
    }

    [Fact]
    public void Mark_Twice_LastOutcomeKeptNoTemporaryLeft()
    {
        Markers.Mark(Key, "deleted by sweep");
        Markers.Mark(Key, "deleted by admin:root");

        Assert.Equal("deleted by admin:root", Markers.Read(Key));
        Assert.Equal([Key], Directory.GetFileSystemEntries(DonePath).Select(Path.GetFileName));
    }

    [Fact]
    public void Read_DoneNotRoots_Null()
    {
        Directory.CreateDirectory(DonePath);
        File.WriteAllText(Path.Combine(DonePath, Key), "planted");
        HostileFiles.Owner(DonePath, HostileFiles.Nobody);

        Assert.Null(Markers.Read(Key));
    }

    [Fact]
    public void Read_MarkerIsALinkOrAFifo_Null()
    {
        Markers.Ensure();
        File.CreateSymbolicLink(Path.Combine(DonePath, Key), Canary);
        HostileFiles.Fifo(Path.Combine(DonePath, "bbbbbbbbbbbbbbbb"));

        Assert.Null(Markers.Read(Key));
        Assert.Null(Markers.Read("bbbbbbbbbbbbbbbb"));
    }
}
