using Microsoft.Data.Sqlite;
using PostTls.Postfix;
using PostTls.State;
using PostTls.Unix;

namespace PostTls.Check;

/// <summary>The real host: statx, getpwnam/getgrnam, a read-only look at the database, systemctl, /proc, the syslog socket.</summary>
internal sealed class HostSystem : ISystemProbe
{
    private static readonly TimeSpan SystemctlTimeout = TimeSpan.FromSeconds(20);

    public FileStatus? Status(string path) => FileStatus.Of(path);

    public FileStatus? LinkStatus(string path) => FileStatus.OfLink(path);

    public string? LinkTarget(string path) => HostFiles.Instance.LinkTarget(path);

    public string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public byte[]? ReadBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public uint? UserId(string name) => UnixAccounts.UserId(name);

    public uint? GroupId(string name) => UnixAccounts.GroupId(name) ?? UnixAccounts.PrimaryGroupOfUser(name);

    public string? DatabaseProblem(string dataDirectory)
    {
        // Read-only: a check changes nothing, not even the schema (sweep upgrades it).
        var path = Path.Combine(dataDirectory, StateDatabase.FileName);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version";
            var version = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            command.CommandText = "PRAGMA quick_check";
            var integrity = Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (integrity != "ok")
            {
                return $"the integrity check reports: {integrity}";
            }

            return version > Migrations.Steps.Count
                ? $"its schema version {version} is newer than this posttls knows ({Migrations.Steps.Count}); was posttls downgraded?"
                : null;
        }
        catch (SqliteException e)
        {
            return e.Message.TrimEnd('.');
        }
    }

    public IReadOnlyCollection<System.Net.IPAddress> OwnAddresses()
    {
        try
        {
            return System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address)
                .ToHashSet();
        }
        catch (System.Net.NetworkInformation.NetworkInformationException)
        {
            return [];
        }
    }

    public string? UnitState(string unit) => Systemctl("is-enabled", unit);

    public string? UnitActivity(string unit) => Systemctl("is-active", unit);

    public bool SystemdRunning() => Directory.Exists("/run/systemd/system");

    public bool ProcessRunning(IReadOnlyCollection<string> names)
    {
        try
        {
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (!Path.GetFileName(directory).All(char.IsAsciiDigit))
                {
                    continue;
                }

                // A process may end between the listing and the read.
                if (ReadText(Path.Combine(directory, "comm"))?.TrimEnd('\n') is { } name && names.Contains(name))
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return false;
    }

    public bool DatagramSocketListening(string path)
    {
        // Connecting sends nothing; it fails unless a process has the socket bound (a stale
        // socket file left by a stopped daemon answers ECONNREFUSED).
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Unspecified);
        try
        {
            socket.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static string? Systemctl(string verb, string unit)
    {
        var systemctl = PostfixCommands.Find("systemctl");
        if (systemctl is null)
        {
            return null;
        }

        var result = ExternalCommand.Run(systemctl, [verb, "--", unit], SystemctlTimeout);
        var state = result.Output.Trim();
        return state.Length > 0 && !state.Contains('\n') ? state : "unknown";
    }
}
