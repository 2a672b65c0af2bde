using PostTls.Tests.TestSupport;
using PostTls.Unix;

namespace PostTls.Tests.Unix;

public sealed class ExclusiveFileTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Write_NewName_ContentAndModeWhateverTheUmask()
    {
        using var directory = DirectoryHandle.Open(_directory.Path);

        ExclusiveFile.Write(directory, "marker", "outcome\n"u8, (UnixFileMode)0b110_100_100);

        Assert.Equal("outcome\n", File.ReadAllText(_directory.File("marker")));
        Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(_directory.File("marker")));
    }

    [Fact]
    public void Write_NameIsALinkOrAFile_ThrowsAndNothingChanges()
    {
        var canary = _directory.WriteFile("canary", "canary");
        File.CreateSymbolicLink(_directory.File("link"), canary);
        _directory.WriteFile("file", "file");
        using var directory = DirectoryHandle.Open(_directory.Path);

        Assert.Throws<IOException>(() => ExclusiveFile.Write(directory, "link", "x"u8, (UnixFileMode)0b110_100_100));
        Assert.Throws<IOException>(() => ExclusiveFile.Write(directory, "file", "x"u8, (UnixFileMode)0b110_100_100));

        Assert.Equal("canary", File.ReadAllText(canary));
        Assert.Equal("file", File.ReadAllText(_directory.File("file")));
        Assert.Equal(canary, new FileInfo(_directory.File("link")).LinkTarget);
    }
}
