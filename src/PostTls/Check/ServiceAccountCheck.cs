using PostTls.Configuration;
using PostTls.Setup;

namespace PostTls.Check;

/// <summary>
/// The account the pipe commands run as exists, and it can read the configuration file they
/// load; nobody but root can change that file, the template directory or a directory above
/// them (<see cref="ConfigTrust"/>, the rule the commands apply).
/// </summary>
internal sealed class ServiceAccountCheck : ICheck
{
    private static readonly HashSet<uint> RootOnly = [0];

    public IEnumerable<Finding> Run(CheckContext context)
    {
        if (context.Account is not { } account)
        {
            yield return Finding.Error(CheckArea.Files, $"user {ServiceAccount.Name} does not exist: posttls filter and decide cannot run",
                $"useradd --system --user-group --home-dir /nonexistent --shell /usr/sbin/nologin {ServiceAccount.Name}, then posttls init");
            yield break;
        }

        var file = context.Settings.SourceFile;
        if (context.System.Status(file) is not { } status)
        {
            yield break; // the defaults apply
        }

        // Root runs sweep and apply with this file: only root may be able to change it (as the commands themselves demand).
        if (ConfigTrust.Problem(context.Settings, RootOnly, context.System) is var (what, problem))
        {
            yield return Finding.Error(CheckArea.Files,
                $"{what} can be changed by users other than root: {problem.Why}; posttls refuses to run with it", problem.Fix);
        }

        if (Access.BlockingDirectory(context.System, file, account.User, account.Group) is { } blocking)
        {
            yield return Finding.Error(CheckArea.Files, $"user {ServiceAccount.Name} cannot reach {file}: {blocking} is closed to it, so posttls filter and decide fail",
                $"chmod o+x {blocking}");
        }
        else if (!Access.CanRead(status, account.User, account.Group))
        {
            yield return Finding.Error(CheckArea.Files, $"user {ServiceAccount.Name} cannot read {file} (mode {status.OctalMode}), so posttls filter and decide fail",
                $"chmod 0644 {file}");
        }
    }
}
