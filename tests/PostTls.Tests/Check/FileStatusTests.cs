using PostTls.Tests.TestSupport;
using PostTls.Unix;

namespace PostTls.Tests.Check;

/// <summary>statx through libc, on real files.</summary>
public sealed class FileStatusTests
{
    [Fact]
    public void Of_RootDirectory_IsRootsDirectory()
    {
        var status = FileStatus.Of("/");

        Assert.NotNull(status);
        Assert.True(status.IsDirectory);
        Assert.False(status.IsRegularFile);
        Assert.Equal(0u, status.UserId);
        Assert.Equal(0u, status.GroupId);
    }

    [Theory]
    [InlineData(0b110_100_000, "0640")]
    [InlineData(0b111_101_101, "0755")]
    [InlineData(0b110_000_000, "0600")]
    public void Of_File_HasModeAndSize(int mode, string octal)
    {
        using var directory = new TempDirectory();
        var path = directory.WriteFile("f", new byte[32]);
        File.SetUnixFileMode(path, (UnixFileMode)mode);

        var status = FileStatus.Of(path);

        Assert.NotNull(status);
        Assert.True(status.IsRegularFile);
        Assert.Equal(32, status.Size);
        Assert.Equal((UnixFileMode)mode, status.Mode);
        Assert.Equal(octal, status.OctalMode);
        Assert.Equal(FileStatus.Of(directory.Path)!.UserId, status.UserId);
    }

    [Fact]
    public void Of_Missing_IsNull() => Assert.Null(FileStatus.Of("/nonexistent/posttls/file"));
}
