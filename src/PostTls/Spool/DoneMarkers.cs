using System.Text;
using PostTls.Unix;

namespace PostTls.Spool;

/// <summary>
/// <c>done/</c> inside spool_directory: one marker per message whose decision was carried out,
/// so that decide (user posttls, which never opens the database) bounces a replayed action
/// address at once. The spool belongs to posttls, so posttls can rename <c>done/</c> away and put
/// its own directory or a symbolic link in its place: root trusts <c>done/</c> only when the
/// opened directory is root's and writable by nobody else, and otherwise sets it aside and makes
/// a new one. Markers are written in it with O_EXCL|O_NOFOLLOW and renamed into place, so root
/// never writes through a name posttls chose.
/// </summary>
internal sealed class DoneMarkers(string spoolDirectory, Action<string> warn)
{
    public const string DirectoryName = "done";
    public const UnixFileMode DirectoryMode = (UnixFileMode)0b111_101_101;
    private const UnixFileMode MarkerMode = (UnixFileMode)0b110_100_100;
    private const UnixFileMode WritableByOthers = (UnixFileMode)0b000_010_010;
    private const uint Root = 0;
    private const int MaxBytes = 4096;
    private const int Attempts = 3;

    private string Path => System.IO.Path.Combine(spoolDirectory, DirectoryName);

    /// <summary>Root only: makes <c>done/</c> what it must be.</summary>
    /// <returns>True when it had to be created.</returns>
    /// <exception cref="IOException">The spool cannot be opened, or <c>done/</c> cannot be made.</exception>
    public bool Ensure()
    {
        using var spool = DirectoryHandle.Open(spoolDirectory);
        using var done = OpenOrRepair(spool, out var created);
        return created;
    }

    /// <summary>Root only: records the outcome for the message (world-readable, so decide can see it).</summary>
    /// <exception cref="IOException">The marker cannot be written.</exception>
    public void Mark(string messageKey, string outcome)
    {
        using var spool = DirectoryHandle.Open(spoolDirectory);
        using var done = OpenOrRepair(spool, out _);
        var temporary = $".{messageKey}.{Convert.ToHexStringLower(SystemRandom.GetBytes(6))}";
        ExclusiveFile.Write(done, temporary, Encoding.UTF8.GetBytes(outcome + "\n"), MarkerMode);

        // Replacing an older marker is safe here: only root can put anything in this directory.
        var errno = done.Rename(temporary, messageKey, replace: true);
        if (errno != 0)
        {
            _ = done.Remove(temporary);
            throw new IOException($"cannot write {System.IO.Path.Combine(Path, messageKey)}: {NativeFiles.Describe(errno)}");
        }

        _ = done.Sync();
    }

    /// <summary>The outcome recorded for the message, or null: no marker, or none root wrote.</summary>
    public string? Read(string messageKey)
    {
        using var spool = DirectoryHandle.TryOpen(spoolDirectory, out _);
        using var done = spool?.OpenDirectory(DirectoryName, out _);
        if (done is null || Problem(done.Status) is not null)
        {
            return null;
        }

        var content = SmallFile.Read(done, messageKey, Root, MaxBytes);
        return content.Bytes is { } bytes ? Encoding.UTF8.GetString(bytes).Trim() : null;
    }

    /// <summary>Why an opened <c>done/</c> is not to be trusted; null when it is.</summary>
    internal static string? Problem(DescriptorStatus status) =>
        status.UserId != Root ? $"is owned by uid {status.UserId}, not root"
        : (status.Mode & WritableByOthers) != 0 ? $"is writable by others than root (mode {status.OctalMode})"
        : null;

    private DirectoryHandle OpenOrRepair(DirectoryHandle spool, out bool created)
    {
        created = false;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var done = spool.OpenDirectory(DirectoryName, out var errno);
            if (done is not null && Problem(done.Status) is null)
            {
                if (done.Status.Mode != DirectoryMode)
                {
                    _ = done.ChangeMode((uint)DirectoryMode); // decide reads it as "other"
                }

                return done;
            }

            if (done is not null)
            {
                var problem = Problem(done.Status);
                done.Dispose();
                warn($"{Path} {problem}: {SetAside.Entry(spool, DirectoryName)}; a new one is made");
            }
            else if (errno is NativeFiles.TooManyLinks or NativeFiles.NotADirectory)
            {
                warn($"{Path} is not a directory ({spool.EntryReason(DirectoryName, errno)}): {SetAside.Entry(spool, DirectoryName)}; a new one is made");
            }
            else if (errno != NativeFiles.NoSuchEntry)
            {
                throw new IOException($"cannot open {Path}: {NativeFiles.Describe(errno)}");
            }

            // Whatever appears in between is examined on the next pass.
            var made = spool.MakeDirectory(DirectoryName, (uint)DirectoryMode);
            if (made is not 0 and not NativeFiles.Exists)
            {
                throw new IOException($"cannot create {Path}: {NativeFiles.Describe(made)}");
            }

            created |= made == 0;
        }

        throw new IOException($"{Path} was replaced again while it was being made; no marker written");
    }
}
