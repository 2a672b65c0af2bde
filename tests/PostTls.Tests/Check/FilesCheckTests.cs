using PostTls.Check;
using static PostTls.Check.Severity;

namespace PostTls.Tests.Check;

/// <summary>The three checks of the "files" area: the account, the key, the directories and database.</summary>
public sealed class FilesCheckTests
{
    private const uint Posttls = FakeSystem.PosttlsId;

    private static readonly CheckCase[] AccountCases =
    [
        new("no configuration file", s => s.System.Remove(CheckSetup.ConfigFile)),
        new("no posttls user", s => s.System.Users.Remove("posttls"),
            Error, "user posttls does not exist"),
        new("configuration unreadable", s => s.System.Change(CheckSetup.ConfigFile, 0b110_000_000),
            Error, "user posttls cannot read /etc/posttls/posttls.conf (mode 0600)"),
        new("configuration readable by group posttls", s => s.System.Change(CheckSetup.ConfigFile, 0b110_100_000, group: Posttls)),
        new("configuration writable by everyone", s => s.System.Change(CheckSetup.ConfigFile, 0b110_110_110),
            Error, "/etc/posttls/posttls.conf can be changed by users other than root"),
        new("configuration owned by posttls", s => s.System.Change(CheckSetup.ConfigFile, 0b110_100_100, user: Posttls),
            Error, "can be changed by users other than root: /etc/posttls/posttls.conf is owned by uid 995, not by root"),
        new("configuration writable by group root", s => s.System.Change(CheckSetup.ConfigFile, 0b110_110_100, group: 0),
            Error, "/etc/posttls/posttls.conf can be written by its group (mode 0664)"),
        new("configuration directory writable by group posttls", s => s.System.Change("/etc/posttls", 0b111_111_101, group: Posttls),
            Error, "configuration file /etc/posttls/posttls.conf can be changed by users other than root: /etc/posttls can be written by its group (mode 0775)"),
        new("configuration directory owned by posttls", s => s.System.Change("/etc/posttls", 0b111_101_101, user: Posttls),
            Error, "/etc/posttls is owned by uid 995, not by root"),
        new("configuration a link into a world-writable directory", s =>
            {
                s.System.AddDirectory("/srv", 0, 0, 0b111_101_101);
                s.System.AddDirectory("/srv/shared", 0, 0, 0b111_111_111);
                s.System.AddFile("/srv/shared/posttls.conf", 0, 0, 0b110_100_100, "");
                s.System.Links[CheckSetup.ConfigFile] = "/srv/shared/posttls.conf";
            },
            Error, "/srv/shared can be written by everyone (mode 0777)"),
        new("configuration a link to a root-only place", s =>
            {
                s.System.AddDirectory("/srv", 0, 0, 0b111_101_101);
                s.System.AddFile("/srv/posttls.conf", 0, 0, 0b110_100_100, "");
                s.System.Links[CheckSetup.ConfigFile] = "../../srv/posttls.conf";
            }),
        new("template directory writable by everyone", s =>
            {
                s.ConfigText = "template_directory = /etc/posttls/templates\n";
                s.System.AddDirectory("/etc/posttls/templates", 0, 0, 0b111_111_111);
            },
            Error, "template_directory /etc/posttls/templates can be changed by users other than root: /etc/posttls/templates can be written by everyone (mode 0777)"),
        new("configuration directory closed", s => s.System.Change("/etc/posttls", 0b111_000_000),
            Error, "user posttls cannot reach /etc/posttls/posttls.conf: /etc/posttls is closed to it"),
    ];

    private static readonly CheckCase[] KeyCases =
    [
        new("read-only for root and group", s => s.System.Change(CheckSetup.KeyFile, 0b100_100_000)),
        new("missing", s => s.System.Remove(CheckSetup.KeyFile),
            Error, "the secret key /etc/posttls/secret.key does not exist"),
        new("wrong size", s => s.System.AddFile(CheckSetup.KeyFile, 0, Posttls, 0b110_100_000, 16),
            Error, "holds 16 bytes, not 32"),
        new("a directory", s => s.System.AddDirectory(CheckSetup.KeyFile, 0, Posttls, 0b111_101_000),
            Error, "is not a file", Only: false),
        new("world-readable", s => s.System.Change(CheckSetup.KeyFile, 0b110_100_100),
            Error, "is open to every user (mode 0644): anyone could forge tags"),
        new("group-writable", s => s.System.Change(CheckSetup.KeyFile, 0b110_110_000),
            Error, "has mode 0660"),
        new("owned by posttls", s => s.System.Change(CheckSetup.KeyFile, 0b110_100_000, user: Posttls),
            Error, "is not owned by root"),
        new("group root", s => s.System.Change(CheckSetup.KeyFile, 0b110_100_000, group: 0),
            Error, "user posttls cannot read the secret key"),
        new("no group read", s => s.System.Change(CheckSetup.KeyFile, 0b110_000_000),
            Error, "user posttls cannot read the secret key"),
        new("directory closed", s => s.System.Change("/etc/posttls", 0b111_101_000),
            Error, "cannot reach the secret key /etc/posttls/secret.key: /etc/posttls is closed to it"),
    ];

    private static readonly CheckCase[] DirectoryCases =
    [
        new("no database yet", s => s.System.Remove(CheckSetup.Database)),
        new("data directory missing", s => s.System.Remove(CheckSetup.DataDirectory),
            Error, "data_directory /var/lib/posttls does not exist"),
        new("data directory open", s => s.System.Change(CheckSetup.DataDirectory, 0b111_101_101),
            Error, "data_directory /var/lib/posttls is open to others (mode 0755)"),
        new("data directory not root's", s => s.System.Change(CheckSetup.DataDirectory, 0b111_000_000, user: Posttls),
            Error, "data_directory /var/lib/posttls is not owned by root"),
        new("database world-readable", s => s.System.Change(CheckSetup.Database, 0b110_100_100),
            Error, "/var/lib/posttls/posttls.db is readable by others (mode 0644)"),
        new("WAL file world-readable", s => s.System.AddFile(CheckSetup.Database + "-wal", 0, 0, 0b110_100_100, 0),
            Error, "/var/lib/posttls/posttls.db-wal is readable by others"),
        new("database broken", s => s.System.DatabaseError = "file is not a database",
            Error, "the database /var/lib/posttls/posttls.db cannot be used: file is not a database"),
        new("spool directory missing", s => s.System.Remove(CheckSetup.SpoolDirectory),
            Error, "spool_directory /var/spool/posttls does not exist"),
        new("spool directory root's", s => s.System.Change(CheckSetup.SpoolDirectory, 0b111_000_000, user: 0),
            Error, "spool_directory /var/spool/posttls is not posttls's to write"),
        new("spool directory open", s => s.System.Change(CheckSetup.SpoolDirectory, 0b111_101_101),
            Error, "spool_directory /var/spool/posttls is open to others (mode 0755)"),
        new("spool directory unreachable", s => s.System.Change("/var/spool", 0b111_000_000),
            Error, "user posttls cannot reach spool_directory /var/spool/posttls: /var/spool is closed to it"),
        new("spool's parent writable by posttls", s => s.System.Change("/var/spool", 0b111_111_101, group: Posttls),
            Error, "/var/spool, which holds spool_directory, can be changed by users other than root (owner uid 0, mode 0775)"),
        new("done directory missing", s => s.System.Remove(CheckSetup.DoneDirectory),
            Warning, "/var/spool/posttls/done does not exist"),
        new("done directory a symbolic link", s => s.System.SymbolicLinks.Add(CheckSetup.DoneDirectory),
            Error, "/var/spool/posttls/done is not a directory (a symbolic link or a file)"),
        new("done directory posttls's", s => s.System.Change(CheckSetup.DoneDirectory, 0b111_101_101, user: Posttls),
            Error, "/var/spool/posttls/done is not root's alone (owner uid 995, mode 0755)"),
        new("done directory group-writable", s => s.System.Change(CheckSetup.DoneDirectory, 0b111_111_101, group: Posttls),
            Error, "/var/spool/posttls/done is not root's alone (owner uid 0, mode 0775)"),
        new("done directory closed to decide", s => s.System.Change(CheckSetup.DoneDirectory, 0b111_000_000),
            Warning, "posttls decide cannot read /var/spool/posttls/done (mode 0700)"),
        new("log file writable by group posttls", s =>
            {
                s.ConfigText = "log_file = /var/log/posttls.log\n";
                s.System.AddFile("/var/log/posttls.log", 0, Posttls, 0b110_110_000, 0);
            }),
        new("log file missing", s => s.ConfigText = "log_file = /var/log/posttls.log\n",
            Warning, "log_file /var/log/posttls.log does not exist"),
        new("log file not writable", s =>
            {
                s.ConfigText = "log_file = /var/log/posttls.log\n";
                s.System.AddFile("/var/log/posttls.log", 0, Posttls, 0b110_100_000, 0);
            },
            Warning, "user posttls cannot write log_file /var/log/posttls.log"),
    ];

    public static TheoryData<string> AccountNames => CheckCase.Names(AccountCases);

    public static TheoryData<string> KeyNames => CheckCase.Names(KeyCases);

    public static TheoryData<string> DirectoryNames => CheckCase.Names(DirectoryCases);

    [Theory]
    [MemberData(nameof(AccountNames))]
    public void ServiceAccount(string name) => CheckCase.Verify(AccountCases, name, new ServiceAccountCheck(), CheckArea.Files);

    [Theory]
    [MemberData(nameof(KeyNames))]
    public void SecretKey(string name) => CheckCase.Verify(KeyCases, name, new SecretKeyCheck(), CheckArea.Files);

    [Theory]
    [MemberData(nameof(DirectoryNames))]
    public void StateDirectories(string name) => CheckCase.Verify(DirectoryCases, name, new StateDirectoriesCheck(), CheckArea.Files);
}
