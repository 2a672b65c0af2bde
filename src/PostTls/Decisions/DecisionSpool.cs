using System.Security.Cryptography;
using PostTls.Tagging;
using PostTls.Unix;

namespace PostTls.Decisions;

/// <summary>
/// spool_directory: decide (user posttls) drops decision files here; apply (root) takes them.
/// A file appears whole or not at all: written under a temporary name, flushed to disk, then
/// renamed. <c>done/</c> holds one marker per message whose decision was carried out, written
/// by root and readable by decide, so a replayed action address bounces at once.
/// </summary>
internal sealed class DecisionSpool(string directory)
{
    private const string DoneDirectory = "done";
    private const string TemporaryPrefix = ".tmp-";

    public string Directory { get; } = directory;

    /// <summary>Drops a decision file; returns its path.</summary>
    /// <exception cref="IOException">The spool cannot be written.</exception>
    public string Drop(DecisionFile decision)
    {
        var unique = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
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

    /// <summary>Decision files in arrival order (temporary files are skipped).</summary>
    public IReadOnlyList<string> Pending() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, "*" + DecisionFile.Suffix).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>The outcome recorded for a message whose decision was carried out, or null.</summary>
    public string? Done(string messageKey)
    {
        if (!IsMessageKey(messageKey))
        {
            return null;
        }

        var path = Path.Combine(Directory, DoneDirectory, messageKey);
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Root only: marks the message's decision as carried out (world-readable, so decide can see it).</summary>
    /// <exception cref="ArgumentException">Not a message key: it becomes a file name, so nothing else may reach the file system.</exception>
    public void MarkDone(string messageKey, string outcome)
    {
        if (!IsMessageKey(messageKey))
        {
            throw new ArgumentException("a message key is 16 lower-case base32 characters", nameof(messageKey));
        }

        var done = Path.Combine(Directory, DoneDirectory);
        System.IO.Directory.CreateDirectory(done, (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(done, messageKey), outcome + "\n");
        File.SetUnixFileMode(Path.Combine(done, messageKey), (UnixFileMode)0b110_100_100);
    }

    private static bool IsMessageKey(string messageKey) =>
        messageKey is not null && messageKey.Length == MessageTag.PartLength && Base32.IsValid(messageKey);
}
