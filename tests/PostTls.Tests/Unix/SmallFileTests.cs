using System.Diagnostics;
using PostTls.Tests.TestSupport;
using PostTls.Unix;

namespace PostTls.Tests.Unix;

/// <summary>What root reads from a directory someone else owns: only a small regular file of the expected owner, with one link.</summary>
public sealed class SmallFileTests : IDisposable
{
    private const int Limit = 4096;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private SmallFileContent Read(string name, uint owner = 0)
    {
        using var directory = DirectoryHandle.Open(_directory.Path);
        var timer = Stopwatch.StartNew();
        var content = SmallFile.Read(directory, name, owner, Limit);
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(5), $"reading {name} took {timer.Elapsed}");
        return content;
    }

    [Fact]
    public void Read_RegularFileOfTheOwner_Bytes()
    {
        _directory.WriteFile("a.decision", "action=delete\n");

        Assert.Equal("action=delete\n"u8.ToArray(), Read("a.decision").Bytes);
    }

    [Fact]
    public void Read_ExactlyTheLimit_Read()
    {
        _directory.WriteFile("a", new byte[Limit]);

        Assert.Equal(Limit, Read("a").Bytes!.Length);
    }

    [Fact]
    public void Read_OneByteOverTheLimit_Refused()
    {
        _directory.WriteFile("a", new byte[Limit + 1]);

        Assert.Equal("it has 4097 bytes, more than 4096", Read("a").Refusal);
    }

    [Fact]
    public void Read_SymbolicLinkToAFile_RefusedAndNotFollowed()
    {
        var target = _directory.WriteFile("target", "action=delete\n");
        File.CreateSymbolicLink(_directory.File("a"), target);

        Assert.Equal("it is a symbolic link", Read("a").Refusal);
    }

    [Fact]
    public void Read_SymbolicLinkToDevZero_RefusedAtOnce()
    {
        File.CreateSymbolicLink(_directory.File("a"), "/dev/zero");

        Assert.Equal("it is a symbolic link", Read("a").Refusal);
    }

    [Fact]
    public void Read_Fifo_RefusedWithoutBlocking()
    {
        HostileFiles.Fifo(_directory.File("a"));

        Assert.Equal("it is a FIFO", Read("a").Refusal);
    }

    [Fact]
    public void Read_DeviceNode_RefusedUnread()
    {
        HostileFiles.ZeroDevice(_directory.File("a"));

        Assert.Equal("it is a character device", Read("a").Refusal);
    }

    [Fact]
    public void Read_HardLinkToAnotherFile_Refused()
    {
        var target = _directory.WriteFile("target", "action=delete\n");
        HostileFiles.HardLink(target, _directory.File("a"));

        Assert.Equal("it has 2 hard links", Read("a").Refusal);
    }

    [Fact]
    public void Read_AnotherOwner_Refused()
    {
        _directory.WriteFile("a", "action=delete\n");
        HostileFiles.Owner(_directory.File("a"), HostileFiles.Nobody);

        Assert.Equal($"it is owned by uid {HostileFiles.Nobody}, not 0", Read("a").Refusal);
        Assert.NotNull(Read("a", owner: HostileFiles.Nobody).Bytes);
    }

    [Fact]
    public void Read_Directory_Refused()
    {
        Directory.CreateDirectory(_directory.File("a"));

        Assert.Equal("it is a directory", Read("a").Refusal);
    }

    [Fact]
    public void Read_Missing_IsMissing()
    {
        Assert.True(Read("a").IsMissing);
    }

    [Theory]
    [InlineData("Regular", 999u, 1u, 100L, null)]
    [InlineData("Regular", 999u, 1u, 4096L, null)]
    [InlineData("Regular", 999u, 1u, 4097L, "it has 4097 bytes, more than 4096")]
    [InlineData("Regular", 999u, 2u, 100L, "it has 2 hard links")]
    [InlineData("Regular", 999u, 0u, 100L, "it has 0 hard links")]
    [InlineData("Regular", 0u, 1u, 100L, "it is owned by uid 0, not 999")]
    [InlineData("Fifo", 999u, 1u, 0L, "it is a FIFO")]
    [InlineData("CharacterDevice", 0u, 1u, 0L, "it is a character device")]
    [InlineData("BlockDevice", 0u, 1u, 0L, "it is a block device")]
    [InlineData("Socket", 999u, 1u, 0L, "it is a socket")]
    [InlineData("Directory", 999u, 2u, 4096L, "it is a directory")]
    public void Problem_Status_TrustedOnlyWhenSmallRegularOwnedAndSingleLink(string kind, uint owner, uint links, long size, string? problem)
    {
        var status = new DescriptorStatus(Enum.Parse<FileKind>(kind), owner, owner, (UnixFileMode)0b110_000_000, links, size);

        Assert.Equal(problem, SmallFile.Problem(status, owner: 999, Limit));
    }
}
