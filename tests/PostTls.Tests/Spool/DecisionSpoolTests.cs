using System.Text;
using PostTls.Spool;
using PostTls.Tagging;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Spool;

public sealed class DecisionSpoolTests : IDisposable
{
    private const string Key = "aaisem2ekvthpcez";
    private static readonly DateTimeOffset At = new(2026, 11, 22, 9, 49, 46, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string SpoolPath => _directory.File("spool");

    private DecisionSpool NewSpool()
    {
        Directory.CreateDirectory(SpoolPath);
        return new DecisionSpool(SpoolPath);
    }

    [Fact]
    public void Drop_ValidDecision_OneFileWithSuffixMode0600AndNoTemporaryLeft()
    {
        var spool = NewSpool();
        var decision = new DecisionFile(SenderAction.Release, Key, "alice@posttls.test", At);

        var path = spool.Drop(decision);

        Assert.Equal([path], Directory.GetFiles(SpoolPath));
        Assert.Equal(SpoolPath, Path.GetDirectoryName(path));
        Assert.EndsWith(DecisionFile.Suffix, path, StringComparison.Ordinal);
        Assert.StartsWith($"01795340986000-{Key}-release-", Path.GetFileName(path), StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFileSystemEntries(SpoolPath), p => Path.GetFileName(p).StartsWith(".tmp-", StringComparison.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.True(DecisionFile.TryParse(File.ReadAllText(path, Encoding.UTF8), out var read));
        Assert.Equal(decision, read);
    }

    [Fact]
    public void Drop_SameDecisionTwice_TwoDistinctFiles()
    {
        var spool = NewSpool();
        var decision = new DecisionFile(SenderAction.Delete, Key, "alice@posttls.test", At);

        var first = spool.Drop(decision);
        var second = spool.Drop(decision);

        Assert.NotEqual(first, second);
        Assert.Equal(2, spool.Pending().Count);
    }

    [Fact]
    public void Drop_SpoolIsMissing_ThrowsIOExceptionAndLeavesNothing()
    {
        var spool = new DecisionSpool(SpoolPath);

        Assert.ThrowsAny<IOException>(() => spool.Drop(new DecisionFile(SenderAction.Release, Key, "a@b.test", At)));

        Assert.False(Directory.Exists(SpoolPath));
    }

    [Fact]
    public void Pending_DecisionsDroppedOutOfOrder_ReturnedInArrivalOrder()
    {
        var spool = NewSpool();
        var third = spool.Drop(new DecisionFile(SenderAction.Release, Key, "a@b.test", At.AddSeconds(100)));
        var first = spool.Drop(new DecisionFile(SenderAction.Delete, "bbbbbbbbbbbbbbbb", "a@b.test", At));
        var second = spool.Drop(new DecisionFile(SenderAction.Release, "cccccccccccccccc", "a@b.test", At.AddMilliseconds(1)));

        Assert.Equal([first, second, third], spool.Pending().Select(n => Path.Combine(SpoolPath, n)));
    }

    [Fact]
    public void Pending_TemporaryBadAndOtherFiles_Skipped()
    {
        var spool = NewSpool();
        var dropped = spool.Drop(new DecisionFile(SenderAction.Release, Key, "a@b.test", At));
        File.WriteAllText(Path.Combine(SpoolPath, ".tmp-0123456789ab"), "half written");
        File.WriteAllText(Path.Combine(SpoolPath, "x.decision.bad"), "moved aside");
        File.WriteAllText(Path.Combine(SpoolPath, "README"), "");
        spool.MarkDone(Key, "deleted");

        Assert.Equal([Path.GetFileName(dropped)], spool.Pending());
    }

    [Fact]
    public void Pending_SpoolIsMissing_Empty()
    {
        Assert.Empty(new DecisionSpool(SpoolPath).Pending());
    }

    [Fact]
    public void MarkDoneThenDone_ValidKey_ReturnsOutcomeWorldReadable()
    {
        var spool = NewSpool();
        Assert.Null(spool.Done(Key));

        spool.MarkDone(Key, "sent without encryption by sender:alice@posttls.test");

        Assert.Equal("sent without encryption by sender:alice@posttls.test", spool.Done(Key));
        var marker = Path.Combine(SpoolPath, "done", Key);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            File.GetUnixFileMode(marker));
        Assert.Null(spool.Done("bbbbbbbbbbbbbbbb"));
    }

    [Fact]
    public void MarkDone_Twice_LastOutcomeKept()
    {
        var spool = NewSpool();

        spool.MarkDone(Key, "deleted by sweep");
        spool.MarkDone(Key, "deleted by admin:root");

        Assert.Equal("deleted by admin:root", spool.Done(Key));
    }

    [Fact]
    public void Read_DecisionOfTheSpoolsOwner_Text()
    {
        var spool = NewSpool();
        var path = spool.Drop(new DecisionFile(SenderAction.Delete, Key, "a@b.test", At));

        var read = spool.Read(Path.GetFileName(path));

        Assert.True(DecisionFile.TryParse(read.Text!, out _));
    }

    [Fact]
    public void Read_FileOfAnotherOwnerThanTheSpool_RefusedUnread()
    {
        var spool = NewSpool();
        var path = spool.Drop(new DecisionFile(SenderAction.Delete, Key, "a@b.test", At));
        HostileFiles.Owner(path, HostileFiles.Nobody);

        var read = spool.Read(Path.GetFileName(path));

        Assert.Null(read.Text);
        Assert.Equal($"it is owned by uid {HostileFiles.Nobody}, not 0", read.Refusal);
    }

    [Fact]
    public void Read_Vanished_Missing()
    {
        Assert.True(NewSpool().Read("01795340986000-aaisem2ekvthpcez-delete-0123456789ab.decision").IsMissing);
    }

    [Fact]
    public void Pending_SpoolIsALink_NothingAndAWarning()
    {
        var real = Directory.CreateDirectory(_directory.File("real")).FullName;
        new DecisionSpool(real).Drop(new DecisionFile(SenderAction.Delete, Key, "a@b.test", At));
        File.CreateSymbolicLink(SpoolPath, real);
        var warnings = new List<string>();

        Assert.Empty(new DecisionSpool(SpoolPath, warnings.Add).Pending());
        Assert.Contains(warnings, w => w.Contains("it is a symbolic link", StringComparison.Ordinal));
    }

    [Fact]
    public void Pending_DirectoriesFifosAndLinksWithTheSuffix_Listed()
    {
        var spool = NewSpool();
        Directory.CreateDirectory(Path.Combine(SpoolPath, "d.decision"));
        HostileFiles.Fifo(Path.Combine(SpoolPath, "f.decision"));
        File.CreateSymbolicLink(Path.Combine(SpoolPath, "l.decision"), "/dev/zero");

        Assert.Equal(["d.decision", "f.decision", "l.decision"], spool.Pending());
    }

    [Fact]
    public void Remove_Link_OnlyTheLinkGoes()
    {
        var spool = NewSpool();
        File.WriteAllText(Canary, "canary");
        File.CreateSymbolicLink(Path.Combine(SpoolPath, "x.decision"), Canary);

        spool.Remove("x.decision");

        Assert.Empty(Directory.GetFileSystemEntries(SpoolPath));
        Assert.Equal("canary", File.ReadAllText(Canary));
    }

    [Fact]
    public void MarkDone_DoneIsALinkToADirectory_NothingWrittenThereAndDecideSeesTheMarker()
    {
        var spool = NewSpool();
        var elsewhere = Directory.CreateDirectory(_directory.File("elsewhere")).FullName;
        File.CreateSymbolicLink(Path.Combine(SpoolPath, "done"), elsewhere);
        var warnings = new List<string>();

        Assert.True(new DecisionSpool(SpoolPath, warnings.Add).MarkDone(Key, "deleted"));

        Assert.Empty(Directory.GetFileSystemEntries(elsewhere));
        Assert.Equal("deleted", spool.Done(Key));
        Assert.Single(warnings);
    }

    /// <summary>
    /// Keys that are not message keys. Traversals aim at a canary file in the test's own
    /// directory ({canary} is its absolute path), never at a system file: the tests run as root.
    /// </summary>
    public static TheoryData<string> BadKeys => new()
    {
        "",
        "../x",
        "../../canary",
        "{canary}",
        "..",
        ".",
        "done",
        "AAISEM2EKVTHPCEZ",
        "aaisem2ekvthpce",
        "aaisem2ekvthpcez0",
        "aaisem2e/vthpcez",
        "aaisem2e\0vthpcez",
        "aaisem2ekvthpce.",
    };

    private string Canary => _directory.File("canary");

    private string Resolve(string key) => key.Replace("{canary}", Canary, StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void Done_BadKey_NullEvenWhenSuchAFileExists(string key)
    {
        var spool = NewSpool();
        Directory.CreateDirectory(Path.Combine(SpoolPath, "done"));
        // What a traversal would reach.
        File.WriteAllText(Path.Combine(SpoolPath, "x"), "not an outcome");
        File.WriteAllText(Canary, "not an outcome");

        Assert.Null(spool.Done(Resolve(key)));
    }

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void MarkDone_BadKey_ThrowsAndWritesNothing(string key)
    {
        var spool = NewSpool();
        File.WriteAllText(Canary, "canary");
        var before = Directory.GetFileSystemEntries(_directory.Path, "*", SearchOption.AllDirectories);

        Assert.Throws<ArgumentException>(() => spool.MarkDone(Resolve(key), "deleted"));

        Assert.Equal(before, Directory.GetFileSystemEntries(_directory.Path, "*", SearchOption.AllDirectories));
        Assert.Equal("canary", File.ReadAllText(Canary));
    }
}
