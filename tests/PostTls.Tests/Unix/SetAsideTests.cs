using PostTls.Tests.TestSupport;
using PostTls.Unix;

namespace PostTls.Tests.Unix;

public sealed class SetAsideTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Entry_SymbolicLink_RenamedToBadTargetUntouched()
    {
        var canary = _directory.WriteFile("canary", "canary");
        File.CreateSymbolicLink(_directory.File("x.decision"), canary);
        using var directory = DirectoryHandle.Open(_directory.Path);

        Assert.Equal("set aside as x.decision.bad", SetAside.Entry(directory, "x.decision"));

        Assert.Equal(canary, new FileInfo(_directory.File("x.decision.bad")).LinkTarget);
        Assert.Equal("canary", File.ReadAllText(canary));
    }

    [Fact]
    public void Entry_BadNameTakenByALink_AnotherNameNothingOverwritten()
    {
        var canary = _directory.WriteFile("canary", "canary");
        File.CreateSymbolicLink(_directory.File("x.decision.bad"), canary);
        HostileFiles.Fifo(_directory.File("x.decision"));
        using var directory = DirectoryHandle.Open(_directory.Path);

        var done = SetAside.Entry(directory, "x.decision");

        Assert.Matches(@"^set aside as x\.decision\.[0-9a-f]{8}\.bad$", done);
        Assert.Equal(canary, new FileInfo(_directory.File("x.decision.bad")).LinkTarget);
        Assert.Equal("canary", File.ReadAllText(canary));
        Assert.False(File.Exists(_directory.File("x.decision")));
    }

    [Fact]
    public void Entry_Directory_RenamedWithItsContent()
    {
        Directory.CreateDirectory(_directory.File("x.decision"));
        _directory.WriteFile("x.decision/inside", "inside");
        using var directory = DirectoryHandle.Open(_directory.Path);

        Assert.Equal("set aside as x.decision.bad", SetAside.Entry(directory, "x.decision"));
        Assert.Equal("inside", File.ReadAllText(_directory.File("x.decision.bad/inside")));
    }

    [Fact]
    public void Entry_Gone_SaysSo()
    {
        using var directory = DirectoryHandle.Open(_directory.Path);

        Assert.Equal("gone already", SetAside.Entry(directory, "x.decision"));
    }
}
