namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// The one change the test bed makes to the system's Postfix: <c>postfix -c DIR</c> refuses a
/// directory that the default main.cf does not list in alternate_config_directories. Added on
/// set-up, removed on tear-down (and main.cf deleted again if it did not exist before).
/// </summary>
internal sealed class SystemPostfixEntry : IDisposable
{
    private static readonly string MainCf = PostfixRoot.SystemFile("/etc/postfix/main.cf");
    private const string Parameter = "alternate_config_directories";
    private readonly string _directory;
    private readonly bool _createdMainCf;

    private SystemPostfixEntry(string directory, bool createdMainCf)
    {
        _directory = directory;
        _createdMainCf = createdMainCf;
    }

    public static SystemPostfixEntry Add(string directory)
    {
        using var exclusive = LockMainCf();
        var created = !File.Exists(MainCf);
        if (created)
        {
            File.WriteAllText(MainCf, "");
        }

        var entries = Current();
        entries.Add(directory);
        Set(entries);
        return new SystemPostfixEntry(directory, created);
    }

    public void Dispose()
    {
        using var exclusive = LockMainCf();
        var entries = Current();
        entries.Remove(_directory);
        Set(entries);
        if (_createdMainCf && File.ReadAllText(MainCf).Trim().Length == 0)
        {
            File.Delete(MainCf);
        }
    }

    /// <summary>
    /// Test beds in other processes (a second test run, a benchmark) edit the same line: without
    /// this lock two read-modify-write cycles can drop each other's entry.
    /// </summary>
    private static FileStream LockMainCf()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                // FileShare.None takes an advisory flock(2) on Unix, released when the stream closes.
                return new FileStream("/run/lock/posttls-testbed.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static List<string> Current() =>
        Command.Run(PostfixTestBed.Tool("postconf"), "-h", Parameter).EnsureSuccess("postconf " + Parameter).Output
            .Split([',', ' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .ToList();

    private static void Set(List<string> entries)
    {
        if (entries.Count == 0)
        {
            Command.Run(PostfixTestBed.Tool("postconf"), "-X", Parameter).EnsureSuccess("postconf -X " + Parameter);
        }
        else
        {
            Command.Run(PostfixTestBed.Tool("postconf"), "-e", $"{Parameter} = {string.Join(", ", entries)}").EnsureSuccess("postconf -e " + Parameter);
        }
    }
}
