using System.Text;
using PostTls.Tagging;
using PostTls.Unix;

namespace PostTls.Spool;

/// <summary>
/// spool_directory: decide (user posttls) drops decision files here; apply (root) takes them.
/// A file appears whole or not at all: written under a temporary name, flushed to disk, then
/// renamed. The spool is posttls's, so root treats every entry as planted: it opens the spool
/// with O_NOFOLLOW, reads an entry only after checking the open file (see
/// <see cref="SmallFile"/>), sets aside anything else without looking into it, and renames and
/// removes only relative to the opened directory. <c>done/</c> (see <see cref="DoneMarkers"/>)
/// is root's directory inside it.
/// </summary>
internal sealed class DecisionSpool(string directory, Action<string>? warn = null)
{
    /// <summary>A decision is a few short lines; anything larger is not one.</summary>
    public const int MaxDecisionBytes = 4096;
    private const string TemporaryPrefix = ".tmp-";
    private readonly Action<string> _warn = warn ?? (_ => { });
    private readonly DoneMarkers _done = new(directory, warn ?? (_ => { }));

    public string Directory { get; } = directory;

    /// <summary>Drops a decision file; returns its path.</summary>
    /// <exception cref="IOException">The spool cannot be written.</exception>
    public string Drop(DecisionFile decision)
    {
        var unique = Convert.ToHexStringLower(SystemRandom.GetBytes(6));
        var final = Path.Combine(Directory, decision.FileName(unique));
        var temporary = Path.Combine(Directory, TemporaryPrefix + unique);
        using (var stream = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            stream.Write(decision.Serialize());
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, final);
        DirectorySync.Flush(Directory);
        return final;
    }

    /// <summary>
    /// Names of the decision files in arrival order (temporary, set-aside and other names are
    /// not looked at), read from the spool opened with O_NOFOLLOW.
    /// </summary>
    public IReadOnlyList<string> Pending()
    {
        using var spool = DirectoryHandle.TryOpen(Directory, out var errno);
        if (spool is null)
        {
            if (errno != NativeFiles.NoSuchEntry)
            {
                _warn($"cannot open spool_directory {Directory}: {DirectoryHandle.Reason(Directory, errno)}; no decision read");
            }

            return [];
        }

        return spool.Names().Where(n => n.EndsWith(DecisionFile.Suffix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Root: a decision file's text, read only when the open file is a regular file of the
    /// spool's owner (posttls) with one link and at most <see cref="MaxDecisionBytes"/>. A name
    /// that vanished meanwhile gives <see cref="SmallFileContent.Missing"/>.
    /// </summary>
    public SpoolRead Read(string name)
    {
        using var spool = DirectoryHandle.TryOpen(Directory, out var errno);
        if (spool is null)
        {
            return new SpoolRead(null, "cannot open the spool: " + DirectoryHandle.Reason(Directory, errno));
        }

        var content = SmallFile.Read(spool, name, spool.Status.UserId, MaxDecisionBytes);
        return content.IsMissing ? SpoolRead.Missing
            : content.Bytes is { } bytes ? new SpoolRead(Encoding.UTF8.GetString(bytes), null)
            : new SpoolRead(null, content.Refusal);
    }

    /// <summary>Root: moves a bad entry out of the way, never into it or over another name.</summary>
    /// <returns>What was done, for the log line.</returns>
    public string SetAside(string name)
    {
        using var spool = DirectoryHandle.TryOpen(Directory, out var errno);
        return spool is null ? "cannot open the spool: " + DirectoryHandle.Reason(Directory, errno) : Unix.SetAside.Entry(spool, name);
    }

    /// <summary>Root: removes a decision file that was taken; one that cannot be removed is set aside.</summary>
    public void Remove(string name)
    {
        using var spool = DirectoryHandle.TryOpen(Directory, out var errno);
        var removed = spool is null ? errno : spool.Remove(name);
        if (removed is 0 or NativeFiles.NoSuchEntry)
        {
            _ = spool?.Sync();
            return;
        }

        _warn($"{name}: cannot remove it from {Directory} ({NativeFiles.Describe(removed)}); {(spool is null ? "left where it is" : Unix.SetAside.Entry(spool, name))}");
    }

    /// <summary>The outcome recorded for a message whose decision was carried out, or null.</summary>
    public string? Done(string messageKey) => IsMessageKey(messageKey) ? _done.Read(messageKey) : null;

    /// <summary>Root only: marks the message's decision as carried out, so decide bounces a replay at once.</summary>
    /// <returns>False when the marker could not be written (a warning says why); apply still refuses a second decision.</returns>
    /// <exception cref="ArgumentException">Not a message key: it becomes a file name, so nothing else may reach the file system.</exception>
    public bool MarkDone(string messageKey, string outcome)
    {
        if (!IsMessageKey(messageKey))
        {
            throw new ArgumentException("a message key is 16 lower-case base32 characters", nameof(messageKey));
        }

        try
        {
            _done.Mark(messageKey, outcome);
            return true;
        }
        catch (IOException e)
        {
            _warn($"key={messageKey}: cannot mark it done: {e.Message}; a replayed action address is refused by apply instead of at once");
            return false;
        }
    }

    /// <summary>Root only: creates <c>done/</c>, or replaces one that is not root's.</summary>
    /// <returns>True when it had to be created.</returns>
    /// <exception cref="IOException">The spool cannot be opened or <c>done/</c> cannot be made.</exception>
    public bool EnsureDoneDirectory() => _done.Ensure();

    private static bool IsMessageKey(string messageKey) =>
        messageKey is not null && messageKey.Length == MessageTag.PartLength && Base32.IsValid(messageKey);
}
