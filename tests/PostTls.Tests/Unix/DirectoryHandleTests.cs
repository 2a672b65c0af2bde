using PostTls.Tests.TestSupport;
using PostTls.Unix;

namespace PostTls.Tests.Unix;

public sealed class DirectoryHandleTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void TryOpen_SymbolicLinkToADirectory_RefusedAsALink()
    {
        var real = Directory.CreateDirectory(_directory.File("real")).FullName;
        File.CreateSymbolicLink(_directory.File("link"), real);

        Assert.Null(DirectoryHandle.TryOpen(_directory.File("link"), out var errno));
        Assert.Equal("it is a symbolic link", DirectoryHandle.Reason(_directory.File("link"), errno));
    }

    [Fact]
    public void OpenDirectory_EntryIsALinkOrAFile_RefusedWithItsReason()
    {
        Directory.CreateDirectory(_directory.File("real"));
        File.CreateSymbolicLink(_directory.File("link"), _directory.File("real"));
        _directory.WriteFile("file", "");
        using var directory = DirectoryHandle.Open(_directory.Path);

        Assert.Null(directory.OpenDirectory("link", out var link));
        Assert.Null(directory.OpenDirectory("file", out var file));
        Assert.Null(directory.OpenDirectory("missing", out var missing));
        using var real = directory.OpenDirectory("real", out _);

        Assert.Equal("it is a symbolic link", directory.EntryReason("link", link));
        Assert.Equal("it is a regular file", directory.EntryReason("file", file));
        Assert.Equal(NativeFiles.NoSuchEntry, missing);
        Assert.Equal(FileKind.Directory, real!.Status.Kind);
    }

    [Fact]
    public void Names_TwiceFromOneHandle_SameNamesWithoutDots()
    {
        _directory.WriteFile("a", "");
        _directory.WriteFile(".b", "");
        Directory.CreateDirectory(_directory.File("c"));
        using var directory = DirectoryHandle.Open(_directory.Path);

        Assert.Equal([".b", "a", "c"], directory.Names().Order(StringComparer.Ordinal));
        Assert.Equal([".b", "a", "c"], directory.Names().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Rename_TargetExists_NotReplacedUnlessAsked()
    {
        _directory.WriteFile("from", "from");
        var canary = _directory.WriteFile("canary", "canary");
        File.CreateSymbolicLink(_directory.File("to"), canary);
        using var directory = DirectoryHandle.Open(_directory.Path);

        Assert.Equal(NativeFiles.Exists, directory.Rename("from", "to"));
        Assert.Equal(0, directory.Rename("from", "to", replace: true));

        Assert.Equal("from", File.ReadAllText(_directory.File("to")));
        Assert.Equal("canary", File.ReadAllText(canary));
    }

    [Fact]
    public void Remove_SymbolicLink_OnlyTheLinkGoes()
    {
        var canary = _directory.WriteFile("canary", "canary");
        File.CreateSymbolicLink(_directory.File("link"), canary);
        using var directory = DirectoryHandle.Open(_directory.Path);

        Assert.Equal(0, directory.Remove("link"));

        Assert.False(File.Exists(_directory.File("link")));
        Assert.Equal("canary", File.ReadAllText(canary));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../canary")]
    [InlineData("a/b")]
    [InlineData("a\0b")]
    public void AnyCall_NotOnePathComponent_Throws(string name)
    {
        using var directory = DirectoryHandle.Open(_directory.Path);

        Assert.Throws<ArgumentException>(() => directory.OpenEntry(name, NativeFiles.ReadOnly, 0, out _));
        Assert.Throws<ArgumentException>(() => directory.Remove(name));
        Assert.Throws<ArgumentException>(() => directory.Rename("x", name));
        Assert.Throws<ArgumentException>(() => directory.MakeDirectory(name, 0b111_000_000));
    }
}
