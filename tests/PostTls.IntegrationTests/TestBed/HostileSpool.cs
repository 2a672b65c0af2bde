using PostTls.Unix;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// What code running as user posttls can leave in its own spool for root's apply to find, and
/// root-owned files it would like apply to overwrite, follow or read. Everything is planted AS
/// posttls (runuser), except what posttls cannot make itself and a link would give it
/// otherwise: a device node (a symbolic link to a device is planted too), and a hard link to a
/// root-owned file, which fs.protected_hardlinks forbids posttls here but not on every system.
/// </summary>
internal sealed class HostileSpool : IDisposable
{
    /// <summary>Planted decision names sort before any real one, so apply meets them first.</summary>
    private const string JunkPrefix = "00000000000001-";
    private readonly string _marker = TestMessage.NewMarker();

    public HostileSpool(PostfixTestBed bed)
    {
        Spool = bed.Settings().SpoolDirectory;
        Targets = Path.Combine(bed.Root, "root-targets-" + _marker);
        Directory.CreateDirectory(Targets);
        File.SetUnixFileMode(Targets, (UnixFileMode)0b111_101_101);
        RootFile = Path.Combine(Targets, "root-file");
        File.WriteAllText(RootFile, $"root's own file {_marker}\n");
        File.SetUnixFileMode(RootFile, (UnixFileMode)0b110_000_000);
        RootDirectory = Path.Combine(Targets, "root-directory");
        Directory.CreateDirectory(RootDirectory);
        File.WriteAllText(Path.Combine(RootDirectory, "inside"), "inside\n");
        Junk = Path.Combine(Targets, "junk");
        File.WriteAllText(Junk, "this is not a decision\n");
        File.SetUnixFileMode(Junk, (UnixFileMode)0b110_100_100);
        Before = Snapshot();
    }

    /// <summary>The kinds of entries planted; each names the spool path root's apply reads or writes.</summary>
    public static readonly string[] Kinds =
    [
        "decision file: link to a root-owned file",
        "decision file: link to /dev/zero",
        "decision file: FIFO",
        "decision file: device node",
        "decision file: hard link to a root-owned file",
        "decision file: 10 MB",
        "decision file: directory",
        "NAME.bad: link to a root-owned file",
        ".tmp- names: FIFO, link to /dev/zero",
        "done/: link to a root-owned directory",
        "done/: posttls's own directory",
        "done/<key>: link to a root-owned file",
        "done/<key>: FIFO",
    ];

    public string Spool { get; }

    public string Targets { get; }

    public string RootFile { get; }

    public string RootDirectory { get; }

    private string Junk { get; }

    private IReadOnlyList<string> Before { get; }

    /// <summary>Spool entries apply must leave alone (the .tmp- names): their path and what they were.</summary>
    public List<(string Path, string What)> Untouchable { get; } = [];

    /// <summary>
    /// Removes what was planted and what apply set aside, so the next test on the shared bed
    /// starts with a clean spool; links are removed, never followed.
    /// </summary>
    public void Dispose()
    {
        foreach (var entry in Directory.GetFileSystemEntries(Spool))
        {
            var name = Path.GetFileName(entry);
            if (name.StartsWith(JunkPrefix, StringComparison.Ordinal) || name.StartsWith("done.", StringComparison.Ordinal)
                || Untouchable.Any(u => u.Path == entry))
            {
                Delete(entry);
            }
        }

        Delete(Targets);
    }

    /// <summary>Plants one kind of entry; <paramref name="key"/> is the key of a real message with a decision.</summary>
    public void Plant(string kind, string key)
    {
        var name = $"{JunkPrefix}{key}-delete-{Unique()}.decision";
        var entry = Path.Combine(Spool, name);
        switch (Array.IndexOf(Kinds, kind))
        {
            case 0: AsPosttls("ln", "-s", RootFile, entry); break;
            case 1: AsPosttls("ln", "-s", "/dev/zero", entry); break;
            case 2: AsPosttls("mkfifo", entry); break;
            case 3: Command.Run("mknod", entry, "c", "1", "5").EnsureSuccess("mknod"); break;
            case 4: Command.Run("ln", RootFile, entry).EnsureSuccess("ln"); break;
            case 5: AsPosttls("truncate", "-s", "10M", entry); break;
            case 6:
                AsPosttls("mkdir", entry);
                AsPosttls("ln", "-s", RootFile, Path.Combine(entry, "inside"));
                break;
            case 7:
                AsPosttls("cp", Junk, entry);
                AsPosttls("ln", "-s", RootFile, entry + ".bad");
                Untouchable.Add((entry + ".bad", "link:" + RootFile));
                break;
            case 8:
                var fifo = Path.Combine(Spool, ".tmp-" + Unique());
                var link = Path.Combine(Spool, ".tmp-" + Unique());
                AsPosttls("mkfifo", fifo);
                AsPosttls("ln", "-s", "/dev/zero", link);
                Untouchable.Add((fifo, "fifo"));
                Untouchable.Add((link, "link:/dev/zero"));
                break;
            case 9:
                MoveDoneAway();
                AsPosttls("ln", "-s", RootDirectory, Done);
                break;
            case 10:
                MoveDoneAway();
                AsPosttls("mkdir", Done);
                break;
            case 11:
                MoveDoneAway();
                AsPosttls("mkdir", Done);
                AsPosttls("ln", "-s", RootFile, Path.Combine(Done, key));
                break;
            case 12:
                MoveDoneAway();
                AsPosttls("mkdir", Done);
                AsPosttls("mkfifo", Path.Combine(Done, key));
                break;
            default: throw new ArgumentException("unknown kind: " + kind, nameof(kind));
        }
    }

    public string Done => Path.Combine(Spool, "done");

    /// <summary>What differs from before in the root-owned targets and the entries apply must not touch; empty when nothing.</summary>
    public IReadOnlyList<string> Changes()
    {
        var changes = Snapshot().Except(Before).Select(l => "now: " + l).Concat(Before.Except(Snapshot()).Select(l => "was: " + l)).ToList();
        foreach (var (path, what) in Untouchable)
        {
            if (Describe(path) != what)
            {
                changes.Add($"{path} was {what}, is {Describe(path)}");
            }
        }

        return changes;
    }

    /// <summary>Each target with its content, owner and mode, and the root-owned directory's listing.</summary>
    private List<string> Snapshot() =>
        Directory.GetFileSystemEntries(Targets, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(path =>
        {
            var status = FileStatus.OfLink(path)!;
            var content = status.IsRegularFile ? File.ReadAllText(path) : "";
            return $"{path} uid={status.UserId} gid={status.GroupId} mode={status.OctalMode} {content.Trim()}";
        }).ToList();

    private static string Describe(string path) =>
        new FileInfo(path).LinkTarget is { } target ? "link:" + target
        : FileStatus.OfLink(path) is not { } status ? "missing"
        : status.IsRegularFile || status.IsDirectory ? "other"
        : "fifo";

    private static void Delete(string path)
    {
        if (new FileInfo(path).LinkTarget is not null || FileStatus.OfLink(path) is { IsDirectory: false })
        {
            File.Delete(path);
        }
        else if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private static string Unique() => Guid.NewGuid().ToString("N")[..12];

    /// <summary>posttls may rename root's done/ (it owns the spool), then put its own thing there.</summary>
    private void MoveDoneAway()
    {
        if (Directory.Exists(Done) || File.Exists(Done) || new FileInfo(Done).LinkTarget is not null)
        {
            AsPosttls("mv", "-T", Done, Done + ".moved-" + Unique());
        }
    }

    private void AsPosttls(params string[] arguments) =>
        Command.Run("runuser", ["-u", PostfixTestBed.ServiceUser, "--", .. arguments]).EnsureSuccess("as posttls: " + string.Join(' ', arguments));
}
