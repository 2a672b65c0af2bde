using PostTls.Setup;
using PostTls.Tagging;

namespace PostTls.Check;

/// <summary>
/// secret_key_file: 32 bytes, root:posttls, mode 0640 — readable by the pipe commands
/// (group posttls), by nobody else, and writable by root only.
/// </summary>
internal sealed class SecretKeyCheck : ICheck
{
    private const UnixFileMode Allowed = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    public IEnumerable<Finding> Run(CheckContext context)
    {
        var path = context.Settings.SecretKeyFile;
        var fix = $"chown root:{ServiceAccount.Name} {path} && chmod 0640 {path} (or run posttls init)";
        var status = context.System.Status(path);
        if (status is null)
        {
            yield return Finding.Error(CheckArea.Files, $"the secret key {path} does not exist", "run posttls init");
            yield break;
        }

        if (!status.IsRegularFile || status.Size != SecretKey.Length)
        {
            yield return Finding.Error(CheckArea.Files,
                $"the secret key {path} {(status.IsRegularFile ? $"holds {status.Size} bytes, not {SecretKey.Length}" : "is not a file")}",
                "recreate it with posttls init --force (pending tags and action addresses stop working)");
        }

        if ((status.Mode & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0)
        {
            yield return Finding.Error(CheckArea.Files,
                $"the secret key {path} is open to every user (mode {status.OctalMode}): anyone could forge tags and action addresses",
                fix + "; then consider posttls init --force, since the key may have been read");
        }
        else if ((status.Mode & ~Allowed) != 0)
        {
            yield return Finding.Error(CheckArea.Files, $"the secret key {path} has mode {status.OctalMode}", fix);
        }

        if (status.UserId != 0)
        {
            yield return Finding.Error(CheckArea.Files, $"the secret key {path} is not owned by root", fix);
        }

        if (context.Account is not { } account)
        {
            yield break;
        }

        if (status.GroupId != account.Group || (status.Mode & UnixFileMode.GroupRead) == 0)
        {
            yield return Finding.Error(CheckArea.Files,
                $"user {ServiceAccount.Name} cannot read the secret key {path}: posttls filter and decide fail and Postfix defers the mail",
                fix);
        }
        else if (Access.BlockingDirectory(context.System, path, account.User, account.Group) is { } blocking)
        {
            yield return Finding.Error(CheckArea.Files,
                $"user {ServiceAccount.Name} cannot reach the secret key {path}: {blocking} is closed to it",
                $"chmod o+x {blocking}");
        }
    }
}
