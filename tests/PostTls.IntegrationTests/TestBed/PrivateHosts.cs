namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// Host names that only the test bed's Postfix resolves (there is no DNS on a test machine):
/// master starts in a mount namespace of its own, where a copy of /etc/hosts with the bed's
/// names is bind-mounted over /etc/hosts. Its daemons inherit the namespace; the system's
/// hosts file is not touched and no other process sees the names. Where no mount namespace can
/// be made (an unprivileged container), Postfix starts as usual and the tests that need the
/// names fail saying why.
/// </summary>
internal static class PrivateHosts
{
    /// <summary>smtp(8) looks these up; each resolves to 127.0.0.1, where smtp-sink listens.</summary>
    public static readonly string[] Names =
    [
        PostfixTestBed.UnderscoreHost,
        PostfixTestBed.IdnDomainALabel,
        PostfixTestBed.UnconvertibleDomainALabel,
    ];

    /// <summary>Starts the instance; true when it runs with the private hosts file.</summary>
    public static bool StartPostfix(string etc, string hostsFile)
    {
        File.WriteAllText(hostsFile, File.ReadAllText("/etc/hosts") + $"\n127.0.0.1 {string.Join(' ', Names)}\n");
        var postfix = PostfixTestBed.Tool("postfix");
        var unshare = Command.Find("unshare");
        if (unshare is null || Command.Run(unshare, "--mount", "--propagation", "private", "--", "true").ExitCode != 0)
        {
            Command.Run(postfix, "-c", etc, "start").EnsureSuccess("postfix start");
            return false;
        }

        // The paths are positional parameters ($0, $1, $2), never part of the script text.
        Command.Run(unshare, "--mount", "--propagation", "private", "--", "sh", "-c",
                "mount --bind \"$0\" /etc/hosts && exec \"$1\" -c \"$2\" start", hostsFile, postfix, etc)
            .EnsureSuccess("postfix start in a private mount namespace");
        return true;
    }
}
