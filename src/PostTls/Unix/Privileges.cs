using PostTls.Cli;

namespace PostTls.Unix;

/// <summary>
/// Privilege checks made before anything else, as Postfix's programs do: the pipe commands
/// refuse root (they handle mail from anyone), the admin commands and sweep require it.
/// </summary>
internal static class Privileges
{
    /// <summary>Overridable by tests, which run as root but exercise the unprivileged commands in process.</summary>
    internal static Func<bool> IsRoot { get; set; } = () => Environment.IsPrivilegedProcess;

    /// <exception cref="Problem">Running as root; exit status <see cref="ExitCodes.TempFail"/> so Postfix keeps the mail.</exception>
    public static void RefuseRoot(string command)
    {
        if (IsRoot())
        {
            throw new Problem($"posttls {command}: refusing to run as root; run it as user posttls (user=posttls in master.cf)", ExitCodes.TempFail);
        }
    }

    /// <exception cref="Problem">Not running as root.</exception>
    public static void RequireRoot(string command)
    {
        if (!IsRoot())
        {
            throw new Problem($"posttls {command}: must be run as root", ExitCodes.NoPermission);
        }
    }
}
