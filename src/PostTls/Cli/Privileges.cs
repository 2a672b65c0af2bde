namespace PostTls.Cli;

/// <summary>
/// Privilege checks made before anything else, as Postfix's programs do: the pipe commands
/// refuse root (they handle mail from anyone), the admin commands and sweep require it.
/// </summary>
/// <param name="IsRoot">Whether the process runs as root; tests, which run as root, say otherwise to exercise the pipe commands in process.</param>
internal sealed record Privileges(bool IsRoot)
{
    /// <exception cref="Problem">Running as root; exit status <see cref="ExitCodes.TempFail"/> so Postfix keeps the mail.</exception>
    public void RefuseRoot(string command)
    {
        if (IsRoot)
        {
            throw new Problem($"posttls {command}: refusing to run as root; run it as user posttls (user=posttls in master.cf)", ExitCodes.TempFail);
        }
    }

    /// <exception cref="Problem">Not running as root.</exception>
    public void RequireRoot(string command)
    {
        if (!IsRoot)
        {
            throw new Problem($"posttls {command}: must be run as root", ExitCodes.NoPermission);
        }
    }
}
