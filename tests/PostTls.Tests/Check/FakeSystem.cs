using PostTls.Check;
using PostTls.Unix;

namespace PostTls.Tests.Check;

/// <summary>A host made of dictionaries: files with owner, mode and text; users; the database's health; systemctl's answers; processes; sockets.</summary>
internal sealed class FakeSystem : ISystemProbe
{
    public const uint PosttlsId = 995;

    public Dictionary<string, FileStatus> Files { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Texts { get; } = new(StringComparer.Ordinal);

    /// <summary>Symbolic links: path to target as written in the link.</summary>
    public Dictionary<string, string> Links { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, uint> Users { get; } = new(StringComparer.Ordinal) { ["root"] = 0, ["posttls"] = PosttlsId };

    public Dictionary<string, uint> Groups { get; } = new(StringComparer.Ordinal) { ["root"] = 0, ["posttls"] = PosttlsId };

    public string? DatabaseError { get; set; }

    /// <summary>What systemctl is-enabled answers; null: no systemctl.</summary>
    public string? TimerState { get; set; }

    public void AddFile(string path, uint user, uint group, int mode, string text)
    {
        Files[path] = new FileStatus(user, group, (UnixFileMode)mode, text.Length, IsDirectory: false, IsRegularFile: true);
        Texts[path] = text;
    }

    public Dictionary<string, byte[]> Bytes { get; } = new(StringComparer.Ordinal);

    public void AddFile(string path, uint user, uint group, int mode, byte[] bytes)
    {
        Files[path] = new FileStatus(user, group, (UnixFileMode)mode, bytes.Length, IsDirectory: false, IsRegularFile: true);
        Bytes[path] = bytes;
    }

    public byte[]? ReadBytes(string path) => Files.ContainsKey(path) ? Bytes.GetValueOrDefault(path) : null;

    public void AddFile(string path, uint user, uint group, int mode, long size) =>
        Files[path] = new FileStatus(user, group, (UnixFileMode)mode, size, IsDirectory: false, IsRegularFile: true);

    public void AddDirectory(string path, uint user, uint group, int mode) =>
        Files[path] = new FileStatus(user, group, (UnixFileMode)mode, 4096, IsDirectory: true, IsRegularFile: false);

    /// <summary>Changes the mode (and owner, when given) of an existing entry.</summary>
    public void Change(string path, int mode, uint? user = null, uint? group = null)
    {
        var status = Files[path];
        Files[path] = status with { Mode = (UnixFileMode)mode, UserId = user ?? status.UserId, GroupId = group ?? status.GroupId };
    }

    public void Remove(string path)
    {
        Files.Remove(path);
        Texts.Remove(path);
    }

    public FileStatus? Status(string path) => Files.GetValueOrDefault(path);

    /// <summary>Paths that are symbolic links; <see cref="Status"/> reports what they point to.</summary>
    public HashSet<string> SymbolicLinks { get; } = new(StringComparer.Ordinal);

    public FileStatus? LinkStatus(string path) =>
        SymbolicLinks.Contains(path) ? new FileStatus(0, 0, (UnixFileMode)0b111_111_111, 10, IsDirectory: false, IsRegularFile: false) : Status(path);

    public string? LinkTarget(string path) => Links.GetValueOrDefault(path);

    public string? ReadText(string path) => Files.ContainsKey(path) ? Texts.GetValueOrDefault(path) : null;

    public uint? UserId(string name) => Users.TryGetValue(name, out var id) ? id : null;

    public uint? GroupId(string name) => Groups.TryGetValue(name, out var id) ? id : null;

    public string? DatabaseProblem(string dataDirectory) => DatabaseError;

    public string? UnitState(string unit) => TimerState;

    /// <summary>What systemctl is-active answers; null: no systemctl.</summary>
    public string? TimerActivity { get; set; } = "active";

    public string? UnitActivity(string unit) => TimerActivity;

    public bool Systemd { get; set; } = true;

    public bool SystemdRunning() => Systemd;

    /// <summary>The names of the running processes (a cron daemon by default).</summary>
    public HashSet<string> Processes { get; } = new(StringComparer.Ordinal) { "cron", "master" };

    public bool ProcessRunning(IReadOnlyCollection<string> names) => names.Any(Processes.Contains);

    /// <summary>Unix datagram sockets something listens on (a syslog daemon on /dev/log by default).</summary>
    public HashSet<string> Listening { get; } = new(StringComparer.Ordinal) { "/dev/log" };

    public bool DatagramSocketListening(string path) => Listening.Contains(path);

    /// <summary>This machine's own addresses; 192.0.2.10 is the fake host's public one.</summary>
    public List<System.Net.IPAddress> Addresses { get; } = [System.Net.IPAddress.Loopback, System.Net.IPAddress.Parse("192.0.2.10")];

    public IReadOnlyCollection<System.Net.IPAddress> OwnAddresses() => Addresses;
}
