using PostTls.Setup;

namespace PostTls.Check;

/// <summary>
/// The account the pipe commands run as exists, and it can read the configuration file they
/// load; nobody but root can change that file.
/// </summary>
internal sealed class ServiceAccountCheck : ICheck
{
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

        var groupWritable = (status.Mode & UnixFileMode.GroupWrite) != 0 && status.GroupId != 0;
        if (status.UserId != 0 || groupWritable || (status.Mode & UnixFileMode.OtherWrite) != 0)
        {
            yield return Finding.Error(CheckArea.Files,
                $"{file} can be changed by users other than root (owner uid {status.UserId}, mode {status.OctalMode}): it decides where mail goes",
                $"chown root:root {file} && chmod 0644 {file}");
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
