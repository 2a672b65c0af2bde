using PostTls.Setup;
using PostTls.Spool;
using PostTls.State;

namespace PostTls.Check;

/// <summary>
/// data_directory (root only, 0700) with the database, which must open and must not be
/// readable by others; spool_directory (posttls, 0700, in a directory only root can change),
/// where decide drops decisions, with root's done/ (0755) inside; and log_file, when set,
/// which the pipe commands must be able to write.
/// </summary>
internal sealed class StateDirectoriesCheck : ICheck
{
    private const UnixFileMode GroupAndOther = (UnixFileMode)0b000_111_111;
    private const UnixFileMode OwnerAll = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode GroupOrOtherWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
    private const UnixFileMode OtherReadSearch = UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private static readonly string[] DatabaseFiles = [StateDatabase.FileName, StateDatabase.FileName + "-wal", StateDatabase.FileName + "-shm"];

    public IEnumerable<Finding> Run(CheckContext context) =>
        DataDirectory(context).Concat(SpoolDirectory(context)).Concat(LogFile(context));

    private static IEnumerable<Finding> DataDirectory(CheckContext context)
    {
        var path = context.Settings.DataDirectory;
        var status = context.System.Status(path);
        if (status is null || !status.IsDirectory)
        {
            yield return Finding.Error(CheckArea.Files, $"data_directory {path} {(status is null ? "does not exist" : "is not a directory")}", "run posttls init");
            yield break;
        }

        if (status.UserId != 0 || (status.Mode & GroupAndOther) != 0)
        {
            yield return Finding.Error(CheckArea.Files,
                $"data_directory {path} is {(status.UserId != 0 ? "not owned by root" : $"open to others (mode {status.OctalMode})")}: the database must be root's alone",
                $"chown root:root {path} && chmod 0700 {path} (or run posttls init)");
        }

        var database = Path.Combine(path, StateDatabase.FileName);
        if (context.System.Status(database) is null)
        {
            yield break; // the first sweep creates it
        }

        // Modes first: opening the database creates its -wal and -shm files with its mode.
        foreach (var file in DatabaseFiles.Select(f => Path.Combine(path, f)))
        {
            if (context.System.Status(file) is { } fileStatus && (fileStatus.Mode & GroupAndOther) != 0)
            {
                yield return Finding.Error(CheckArea.Files,
                    $"{file} is readable by others (mode {fileStatus.OctalMode}): it holds senders, recipients and subjects",
                    $"chmod 0600 {file}");
            }
        }

        if (context.System.DatabaseProblem(path) is { } problem)
        {
            yield return Finding.Error(CheckArea.Files, $"the database {database} cannot be used: {problem}",
                "restore it from a backup, or move it away and let the next sweep start a new one");
        }
    }

    private static IEnumerable<Finding> SpoolDirectory(CheckContext context)
    {
        var path = context.Settings.SpoolDirectory;
        var status = context.System.Status(path);
        var fix = $"chown {ServiceAccount.Name}:{ServiceAccount.Name} {path} && chmod 0700 {path} (or run posttls init)";
        if (status is null || !status.IsDirectory)
        {
            yield return Finding.Error(CheckArea.Files, $"spool_directory {path} {(status is null ? "does not exist" : "is not a directory")}", "run posttls init");
            yield break;
        }

        if (Path.GetDirectoryName(path) is { } parent && context.System.Status(parent) is { } above
            && (above.UserId != 0 || (above.Mode & GroupOrOtherWrite) != 0))
        {
            yield return Finding.Error(CheckArea.Files,
                $"{parent}, which holds spool_directory, can be changed by users other than root (owner uid {above.UserId}, mode {above.OctalMode}): they could put something else in the spool's place",
                $"chown root {parent} && chmod go-w {parent}, or choose a spool_directory under a directory only root can change");
        }

        foreach (var finding in DoneDirectory(context, path))
        {
            yield return finding;
        }

        if (context.Account is not { } account)
        {
            yield break;
        }

        if (status.UserId != account.User || (status.Mode & OwnerAll) != OwnerAll)
        {
            yield return Finding.Error(CheckArea.Files,
                $"spool_directory {path} is not {ServiceAccount.Name}'s to write (owner uid {status.UserId}, mode {status.OctalMode}): posttls decide cannot drop decisions",
                fix);
        }
        else if ((status.Mode & GroupAndOther) != 0)
        {
            yield return Finding.Error(CheckArea.Files, $"spool_directory {path} is open to others (mode {status.OctalMode})", fix);
        }

        if (Access.BlockingDirectory(context.System, path, account.User, account.Group) is { } blocking)
        {
            yield return Finding.Error(CheckArea.Files, $"user {ServiceAccount.Name} cannot reach spool_directory {path}: {blocking} is closed to it",
                $"chmod o+x {blocking}");
        }
    }

    /// <summary>
    /// done/ inside the spool is root's: posttls owns the spool and could put its own directory or
    /// a link there. apply sets a wrong one aside by itself at the next decision; init does it now.
    /// </summary>
    private static IEnumerable<Finding> DoneDirectory(CheckContext context, string spool)
    {
        var path = Path.Combine(spool, DoneMarkers.DirectoryName);
        var fix = "run posttls init: it sets the wrong one aside and makes a new one (root:root 0755)";
        var status = context.System.LinkStatus(path);
        if (status is null)
        {
            yield return Finding.Warning(CheckArea.Files,
                $"{path} does not exist: a replayed action address bounces only once apply has run, not at once", "run posttls init");
        }
        else if (!status.IsDirectory)
        {
            yield return Finding.Error(CheckArea.Files,
                $"{path} is not a directory (a symbolic link or a file): something replaced it; apply will not write through it", fix);
        }
        else if (status.UserId != 0 || (status.Mode & GroupOrOtherWrite) != 0)
        {
            yield return Finding.Error(CheckArea.Files,
                $"{path} is not root's alone (owner uid {status.UserId}, mode {status.OctalMode}): apply trusts only a done/ that root owns and nobody else can write", fix);
        }
        else if ((status.Mode & OtherReadSearch) != OtherReadSearch)
        {
            yield return Finding.Warning(CheckArea.Files,
                $"posttls decide cannot read {path} (mode {status.OctalMode}): replayed action addresses are not refused at once", $"chmod 0755 {path}");
        }
    }

    private static IEnumerable<Finding> LogFile(CheckContext context)
    {
        var path = context.Settings.LogFile;
        if (path.Length == 0 || context.Account is not { } account)
        {
            yield break;
        }

        var fix = $"chown root:{ServiceAccount.Name} {path} && chmod 0660 {path} (or run posttls init)";
        if (context.System.Status(path) is not { } status)
        {
            yield return Finding.Warning(CheckArea.Files, $"log_file {path} does not exist", fix);
        }
        else if (!Access.CanWrite(status, account.User, account.Group)
            || Access.BlockingDirectory(context.System, path, account.User, account.Group) is not null)
        {
            yield return Finding.Warning(CheckArea.Files,
                $"user {ServiceAccount.Name} cannot write log_file {path}: the log lines of posttls filter and decide end up in Postfix's delivery reports instead",
                fix);
        }
    }
}
