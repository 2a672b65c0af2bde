using System.Runtime.InteropServices;

namespace PostTls.Unix;

/// <summary>
/// Whether a file that decides what posttls runs (posttls.conf, templates) can be changed by
/// nobody but root and the user posttls runs as: as Postfix refuses group- or world-writable
/// configuration, and as sudo and sshd judge their files. Every directory on the way is
/// checked too, symbolic links followed one by one: a directory someone else can write lets
/// them replace what lies below it.
/// </summary>
/// <remarks>
/// The rule, for the file and for every directory above it and above each link target:
/// owned by root or by the running user, and writable by neither group nor others. One
/// exception, for directories above the file only: a sticky directory such as /tmp, where
/// others cannot rename or remove what they do not own; a symbolic link in such a
/// directory is refused (its owner cannot be told apart without lstat, and anyone may have
/// put it there). A path that does not exist (yet) is judged up to where it ends: whoever
/// creates it later must be able to write a trusted directory, and what they create is
/// owned by them.
/// </remarks>
internal static partial class TrustedPath
{
    private const UnixFileMode GroupOrOtherWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
    private const int MaxLinks = 40; // Linux's own limit (ELOOP)

    /// <summary>The owners trusted by this process: root, and the user it runs as.</summary>
    public static IReadOnlySet<uint> TrustedOwners() => new HashSet<uint> { 0, geteuid() };

    /// <summary>Why <paramref name="path"/> cannot be trusted, with the fix; null when nobody else can change it.</summary>
    public static PathProblem? Problem(string path, IReadOnlySet<uint> trustedOwners, IFileProbe files)
    {
        // Not Path.GetFullPath: it folds "dir/.." before links are followed, the kernel after.
        var absolute = path.StartsWith('/') ? path : Environment.CurrentDirectory + "/" + path;
        var pending = new Stack<string>(Components(absolute).Reverse());
        var current = "/";
        if (Judge(current, files.Status(current), trustedOwners, final: pending.Count == 0) is { } rootProblem)
        {
            return rootProblem;
        }

        var sharedSticky = false;
        var links = 0;
        while (pending.TryPop(out var name))
        {
            if (name == ".")
            {
                continue;
            }

            if (name == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                sharedSticky = files.Status(current) is { } parent && (parent.Mode & GroupOrOtherWrite) != 0;
                continue;
            }

            var next = Path.Combine(current, name);
            if (files.LinkTarget(next) is { } target)
            {
                if (sharedSticky)
                {
                    return new(next, $"{next} is a symbolic link in {current}, which others can write", $"replace {next} with the file it points to");
                }

                if (++links > MaxLinks)
                {
                    return new(path, $"{path}: too many symbolic links", $"resolve the links in {path}");
                }

                foreach (var part in Components(target).Reverse())
                {
                    pending.Push(part);
                }

                if (target.StartsWith('/'))
                {
                    current = "/";
                    sharedSticky = false;
                }

                continue;
            }

            var status = files.Status(next);
            if (status is null)
            {
                return null; // ends here; see remarks
            }

            if (Judge(next, status, trustedOwners, final: pending.Count == 0) is { } problem)
            {
                return problem;
            }

            sharedSticky = status.IsDirectory && (status.Mode & GroupOrOtherWrite) != 0;
            current = next;
        }

        return null;
    }

    private static PathProblem? Judge(string path, FileStatus? status, IReadOnlySet<uint> trustedOwners, bool final)
    {
        if (status is null)
        {
            return null;
        }

        if (!trustedOwners.Contains(status.UserId))
        {
            return new(path, $"{path} is owned by uid {status.UserId}, not by root", $"chown root {path}");
        }

        if ((status.Mode & GroupOrOtherWrite) == 0)
        {
            return null;
        }

        var sticky = status.IsDirectory && (status.Mode & UnixFileMode.StickyBit) != 0;
        return sticky && !final
            ? null
            : new(path, $"{path} can be written by {((status.Mode & UnixFileMode.OtherWrite) != 0 ? "everyone" : "its group")} (mode {status.OctalMode})",
                $"chmod go-w {path}");
    }

    private static IEnumerable<string> Components(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}

/// <summary>The first place on a path that others can change.</summary>
/// <param name="Path">That file or directory.</param>
/// <param name="Why">What is wrong with it, naming it.</param>
/// <param name="Fix">The command that fixes it.</param>
internal sealed record PathProblem(string Path, string Why, string Fix);
