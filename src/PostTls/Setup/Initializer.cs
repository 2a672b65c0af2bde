using PostTls.Configuration;
using PostTls.Spool;
using PostTls.Tagging;
using PostTls.Unix;

namespace PostTls.Setup;

/// <summary>
/// Creates what PostTLS needs on disk, with owners and modes that keep the privilege split:
/// the key is readable by group posttls only, the database directory by root only, the
/// decision spool writable by posttls, its done/ directory root's. Idempotent: existing items
/// get their owner and mode corrected, an existing key is kept unless <c>force</c> is set.
/// </summary>
internal sealed class Initializer(ServiceAccount account, TextWriter report)
{
    private const UnixFileMode DirectoryMode755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode DirectoryMode700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode FileMode644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode FileMode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode FileMode640 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private const UnixFileMode FileMode660 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    public void WriteDefaultConfigIfMissing(string configFile)
    {
        if (File.Exists(configFile))
        {
            report.WriteLine($"posttls init: kept {configFile}");
            return;
        }

        EnsureDirectory(Path.GetDirectoryName(configFile)!, 0, 0, DirectoryMode755, createOnly: true);
        WriteAtomically(configFile, System.Text.Encoding.UTF8.GetBytes(DefaultConfigFile.Render()), 0, 0, FileMode644);
        report.WriteLine($"posttls init: created {configFile} (all settings at their defaults)");
    }

    public void Initialize(PostTlsSettings settings, bool forceNewKey)
    {
        EnsureKey(settings.SecretKeyFile, forceNewKey);
        if (settings.ReinjectAddress is not null)
        {
            EnsureReinjectHelo(settings);
        }

        EnsureDirectory(settings.DataDirectory, 0, 0, DirectoryMode700);
        EnsureDirectory(settings.SpoolDirectory, account.UserId, account.GroupId, DirectoryMode700);
        EnsureDoneDirectory(settings.SpoolDirectory);
        if (settings.LogFile.Length > 0)
        {
            EnsureLogFile(settings.LogFile);
        }
    }

    private void EnsureKey(string path, bool force)
    {
        EnsureDirectory(Path.GetDirectoryName(path)!, 0, 0, DirectoryMode755, createOnly: true);
        if (File.Exists(path) && !force)
        {
            SetOwnerAndMode(path, 0, account.GroupId, FileMode640);
            report.WriteLine($"posttls init: kept the existing secret key {path} (use --force to replace it; that invalidates all pending tags and actions)");
            return;
        }

        var key = SystemRandom.GetBytes(SecretKey.Length);
        WriteAtomically(path, key, 0, account.GroupId, FileMode640);
        report.WriteLine($"posttls init: {(force ? "replaced" : "created")} secret key {path} (root:{ServiceAccount.Name}, 0640)");
    }

    /// <summary>
    /// The reinjection listener's table of the one HELO name it admits, derived from the key:
    /// root:root 0600 in Postfix's configuration directory, read by smtpd while it is still root.
    /// Rewritten whenever it does not match the key (a new key, an edited file).
    /// </summary>
    private void EnsureReinjectHelo(PostTlsSettings settings)
    {
        var path = Path.Combine(settings.PostfixConfigDirectory, ReinjectHelo.TableFileName);
        var table = System.Text.Encoding.ASCII.GetBytes(ReinjectHelo.Table(SecretKey.Load(settings.SecretKeyFile)));
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(table))
        {
            SetOwnerAndMode(path, 0, 0, FileMode600);
            return;
        }

        WriteAtomically(path, table, 0, 0, FileMode600);
        report.WriteLine($"posttls init: wrote {path} (root:root, 0600), the reinjection listener's HELO table; run \"postfix reload\" if Postfix is running");
    }

    /// <summary>
    /// done/ in the spool is root's (root:root 0755): posttls may rename it away and plant its
    /// own, so it is made and checked through the opened spool, never by path (see DoneMarkers).
    /// </summary>
    private void EnsureDoneDirectory(string spoolDirectory)
    {
        var spool = new DecisionSpool(spoolDirectory, warning => report.WriteLine("posttls init: " + warning));
        if (spool.EnsureDoneDirectory())
        {
            report.WriteLine($"posttls init: created directory {Path.Combine(spoolDirectory, DoneMarkers.DirectoryName)}");
        }
    }

    private void EnsureLogFile(string path)
    {
        if (!File.Exists(path))
        {
            EnsureDirectory(Path.GetDirectoryName(path)!, 0, 0, DirectoryMode755, createOnly: true);
            File.WriteAllBytes(path, []);
            report.WriteLine($"posttls init: created log file {path}");
        }

        SetOwnerAndMode(path, 0, account.GroupId, FileMode660);
    }

    /// <param name="createOnly">Leave an existing directory's owner and mode alone: it may not be ours
    /// alone (/var/log, or a directory an administrator chose for the key).</param>
    private void EnsureDirectory(string path, uint user, uint group, UnixFileMode mode, bool createOnly = false)
    {
        if (Directory.Exists(path))
        {
            if (!createOnly)
            {
                SetOwnerAndMode(path, user, group, mode);
            }

            return;
        }

        Directory.CreateDirectory(path, mode);
        SetOwnerAndMode(path, user, group, mode);
        report.WriteLine($"posttls init: created directory {path}");
    }

    private static void SetOwnerAndMode(string path, uint user, uint group, UnixFileMode mode)
    {
        UnixAccounts.ChangeOwner(path, user, group);
        File.SetUnixFileMode(path, mode);
    }

    /// <summary>Write to a temporary file, set owner and mode, flush to disk, then rename over the target.</summary>
    private static void WriteAtomically(string path, byte[] content, uint user, uint group, UnixFileMode mode)
    {
        var temporary = path + ".tmp" + Environment.ProcessId;
        using (var stream = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        SetOwnerAndMode(temporary, user, group, mode);
        File.Move(temporary, path, overwrite: true);
    }
}
