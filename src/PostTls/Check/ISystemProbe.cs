using PostTls.Unix;

namespace PostTls.Check;

/// <summary>What the checks read from the host besides Postfix: files, accounts, the database, systemd. A fake in tests.</summary>
internal interface ISystemProbe : IFileProbe
{
    /// <summary>Owner, group, mode and size without following a final symbolic link: a link is neither a directory nor a regular file.</summary>
    FileStatus? LinkStatus(string path);

    /// <summary>The file's text; null when it does not exist or cannot be read.</summary>
    string? ReadText(string path);

    /// <summary>The file's bytes (the secret key); null when it does not exist or cannot be read.</summary>
    byte[]? ReadBytes(string path);

    uint? UserId(string name);

    /// <summary>The group of that name, else the primary group of the user of that name; null when neither exists.</summary>
    uint? GroupId(string name);

    /// <summary>Why the database in <paramref name="dataDirectory"/> cannot be used; null when it opens and its schema is known.</summary>
    string? DatabaseProblem(string dataDirectory);

    /// <summary>The addresses of this machine's own network interfaces (a client there is a program on the server).</summary>
    IReadOnlyCollection<System.Net.IPAddress> OwnAddresses();

    /// <summary>What <c>systemctl is-enabled UNIT</c> prints ("enabled", "disabled", ...); null when there is no systemctl.</summary>
    string? UnitState(string unit);

    /// <summary>What <c>systemctl is-active UNIT</c> prints ("active", "inactive", ...); null when there is no systemctl.</summary>
    string? UnitActivity(string unit);

    /// <summary>Whether systemd is this system's init (sd_booted(3): /run/systemd/system exists); a timer fires only then.</summary>
    bool SystemdRunning();

    /// <summary>Whether a process runs whose name (<c>/proc/PID/comm</c>) is one of <paramref name="names"/>.</summary>
    bool ProcessRunning(IReadOnlyCollection<string> names);

    /// <summary>Whether something receives datagrams on the unix socket at <paramref name="path"/> (a syslog daemon on /dev/log).</summary>
    bool DatagramSocketListening(string path);
}
