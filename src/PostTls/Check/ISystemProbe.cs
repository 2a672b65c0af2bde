using PostTls.Unix;

namespace PostTls.Check;

/// <summary>What the checks read from the host besides Postfix: files, accounts, the database, systemd. A fake in tests.</summary>
internal interface ISystemProbe : IFileProbe
{
    /// <summary>Owner, group, mode and size without following a final symbolic link: a link is neither a directory nor a regular file.</summary>
    FileStatus? LinkStatus(string path);

    /// <summary>The file's text; null when it does not exist or cannot be read.</summary>
    string? ReadText(string path);

    uint? UserId(string name);

    /// <summary>The group of that name, else the primary group of the user of that name; null when neither exists.</summary>
    uint? GroupId(string name);

    /// <summary>Why the database in <paramref name="dataDirectory"/> cannot be used; null when it opens and its schema is known.</summary>
    string? DatabaseProblem(string dataDirectory);

    /// <summary>The addresses of this machine's own network interfaces (a client there is a program on the server).</summary>
    IReadOnlyCollection<System.Net.IPAddress> OwnAddresses();

    /// <summary>What <c>systemctl is-enabled UNIT</c> prints ("enabled", "disabled", ...); null when there is no systemctl.</summary>
    string? UnitState(string unit);
}
