using System.Runtime.InteropServices;

namespace PostTls.Unix;

/// <summary>
/// The process that started this one. For the filter that is pipe(8), which writes the message to
/// the filter's standard input and closes it at the end. When pipe(8) dies mid-message (killed, or
/// Postfix stopped hard), the input ends too, early, and looks like a complete shorter message.
/// Linux marks a dying process as exiting (PF_EXITING) before it closes its files, and hands its
/// children to another parent after that; so once the input has ended, a parent that is exiting,
/// gone or replaced means the end was not the message's end. A parent that was init (pid 1)
/// already at start means pipe(8) died before this process got going: never a real writer.
/// </summary>
internal sealed partial class ParentProcess
{
    /// <summary>PF_EXITING in linux/sched.h.</summary>
    private const uint ExitingFlag = 0x4;

    private readonly int _pid;

    internal ParentProcess(int pid)
    {
        _pid = pid;
    }

    /// <summary>Remembers the current parent; call before reading the input.</summary>
    public static ParentProcess Current() => new(getppid());

    /// <summary>True when the remembered parent is dying, dead, no longer this process's parent, or init.</summary>
    public bool HasDied()
    {
        if (_pid == 1 || getppid() != _pid)
        {
            return true;
        }

        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{_pid}/stat");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // /proc hidden (hidepid): the parent check above is all there is
        }

        return IsExiting(stat);
    }

    /// <summary>
    /// Reads a /proc/PID/stat line: the state (Z or X: dead) and the flags word (PF_EXITING).
    /// The command name in parentheses may itself contain blanks and parentheses, so fields are
    /// counted from the last closing parenthesis.
    /// </summary>
    internal static bool IsExiting(string stat)
    {
        var close = stat.LastIndexOf(')');
        var fields = close < 0 ? [] : stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // After the name: state, ppid, pgrp, session, tty_nr, tpgid, flags.
        if (fields.Length < 7 || !uint.TryParse(fields[6], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var flags))
        {
            return false; // unreadable: do not stop good mail on a guess
        }

        return fields[0] is "Z" or "X" or "x" || (flags & ExitingFlag) != 0;
    }

    [LibraryImport("libc")]
    private static partial int getppid();
}
