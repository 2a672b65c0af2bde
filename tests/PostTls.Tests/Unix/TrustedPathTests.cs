using PostTls.Tests.TestSupport;
using PostTls.Unix;

namespace PostTls.Tests.Unix;

/// <summary>
/// The rule for files that decide what posttls runs, on the real file system: owned by root or
/// the running user, writable by neither group nor others, and the same for every directory
/// above (sticky directories such as /tmp excepted), links followed.
/// </summary>
public sealed class TrustedPathTests : IDisposable
{
    private const UnixFileMode Rw_R__R__ = (UnixFileMode)0b110_100_100;
    private const UnixFileMode Rwxr_xr_x = (UnixFileMode)0b111_101_101;

    private readonly TempDirectory _directory = new();
    private readonly IReadOnlySet<uint> _trusted = TrustedPath.TrustedOwners();

    public void Dispose() => _directory.Dispose();

    private string File(string name, UnixFileMode mode = Rw_R__R__)
    {
        var path = _directory.WriteFile(name, "x = y\n");
        System.IO.File.SetUnixFileMode(path, mode);
        return path;
    }

    private string Directory(string name, UnixFileMode mode)
    {
        var path = System.IO.Directory.CreateDirectory(_directory.File(name)).FullName;
        System.IO.File.SetUnixFileMode(path, mode);
        return path;
    }

    private PathProblem? Problem(string path) => TrustedPath.Problem(path, _trusted, HostFiles.Instance);

    [Fact]
    public void Problem_OwnFileInPrivateDirectoryUnderTmp_Trusted()
    {
        Assert.Null(Problem(File("posttls.conf")));
        Assert.Null(Problem(_directory.Path));
    }

    [Theory]
    [InlineData(0b110_110_100, "can be written by its group (mode 0664)")]
    [InlineData(0b110_100_110, "can be written by everyone (mode 0646)")]
    [InlineData(0b110_110_110, "can be written by everyone (mode 0666)")]
    public void Problem_WritableFile_Refused(int mode, string why)
    {
        var file = File("posttls.conf", (UnixFileMode)mode);

        var problem = Problem(file);

        Assert.NotNull(problem);
        Assert.Equal($"{file} {why}", problem.Why);
        Assert.Equal($"chmod go-w {file}", problem.Fix);
    }

    [Theory]
    [InlineData(0b111_111_101)]
    [InlineData(0b111_101_111)]
    public void Problem_WritableDirectoryAbove_Refused(int mode)
    {
        var directory = Directory("etc", (UnixFileMode)mode);
        var file = File("etc/posttls.conf");

        Assert.Equal(directory, Problem(file)?.Path);
        Assert.Equal(directory, Problem(Path.Combine(directory, "missing.conf"))?.Path);
    }

    [Fact]
    public void Problem_StickyDirectoryAbove_TrustedButNotAsTheTemplateDirectoryItself()
    {
        var shared = Directory("shared", (UnixFileMode)0b1_111_111_111);

        Assert.Null(Problem(File("shared/posttls.conf")));
        Assert.Null(Problem(Path.Combine(shared, "not-yet.conf")));
        Assert.Equal(shared, Problem(shared)?.Path);
    }

    [Fact]
    public void Problem_LinkInStickySharedDirectory_Refused()
    {
        Directory("shared", (UnixFileMode)0b1_111_111_111);
        var target = File("posttls.conf");
        var link = _directory.File("shared/link.conf");
        System.IO.File.CreateSymbolicLink(link, target);

        Assert.Contains("is a symbolic link in", Problem(link)?.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_LinkIntoWritableDirectory_JudgesTheTarget()
    {
        var open = Directory("open", (UnixFileMode)0b111_111_111);
        var target = File("open/posttls.conf");
        var link = _directory.File("posttls.conf");
        System.IO.File.CreateSymbolicLink(link, target);

        Assert.Equal(open, Problem(link)?.Path);
    }

    [Fact]
    public void Problem_RelativeLinksToTrustedPlaces_Trusted()
    {
        Directory("etc", Rwxr_xr_x);
        Directory("real", Rwxr_xr_x);
        File("real/posttls.conf");
        System.IO.File.CreateSymbolicLink(_directory.File("etc/posttls.conf"), "../real/posttls.conf");
        System.IO.Directory.CreateSymbolicLink(_directory.File("alias"), "etc");

        Assert.Null(Problem(_directory.File("alias/posttls.conf")));
    }

    /// <summary>The kernel follows the link before "..": so must the check (Path.GetFullPath would fold it away first).</summary>
    [Fact]
    public void Problem_DotDotAfterALink_JudgesWhereTheKernelGoes()
    {
        Directory("open", (UnixFileMode)0b111_111_111);
        Directory("open/inner", Rwxr_xr_x);
        File("open/posttls.conf");
        Directory("etc", Rwxr_xr_x);
        File("etc/posttls.conf");
        System.IO.Directory.CreateSymbolicLink(_directory.File("etc/link"), _directory.File("open/inner"));

        Assert.Equal(_directory.File("open"), Problem(_directory.File("etc/link/../posttls.conf"))?.Path);
    }

    [Fact]
    public void Problem_LinkLoop_Refused()
    {
        System.IO.File.CreateSymbolicLink(_directory.File("a"), "b");
        System.IO.File.CreateSymbolicLink(_directory.File("b"), "a");

        Assert.Contains("too many symbolic links", Problem(_directory.File("a"))?.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_OwnedByAnotherUser_Refused()
    {
        var file = File("posttls.conf");
        string expected;
        if (Environment.IsPrivilegedProcess)
        {
            UnixAccounts.ChangeOwner(file, 65534, 65534); // nobody's
            expected = $"{file} is owned by uid 65534, not by root";
        }
        else
        {
            expected = $"{_directory.Path} is owned by uid {FileStatus.Of(_directory.Path)!.UserId}, not by root";
        }

        Assert.Equal(expected, TrustedPath.Problem(file, new HashSet<uint> { 0 }, HostFiles.Instance)?.Why);
    }
}
