using System.Globalization;
using System.Text;

namespace PostTls.Run;

/// <summary>
/// Who holds the sweep lock and since when, as the holder writes it into the lock file
/// (<c>pid=N started=EPOCH</c>), so that a run finding the lock held can tell an ordinary
/// overlap from a run that hangs.
/// </summary>
internal sealed record LockHolder(int Pid, DateTimeOffset Since)
{
    public byte[] Serialize() => Encoding.ASCII.GetBytes(
        $"pid={Pid.ToString(CultureInfo.InvariantCulture)} started={Since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}\n");

    /// <returns>null when the text is not such a line (an empty file: a holder from before this was written).</returns>
    public static LockHolder? Parse(string text)
    {
        var fields = text.Trim().Split(' ');
        if (fields.Length != 2 || !fields[0].StartsWith("pid=", StringComparison.Ordinal) || !fields[1].StartsWith("started=", StringComparison.Ordinal)
            || !int.TryParse(fields[0].AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(fields[1].AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture, out var started)
            || started > 253402300799)
        {
            return null;
        }

        return new LockHolder(pid, DateTimeOffset.FromUnixTimeSeconds(started));
    }

    /// <summary>For the log: "2h 5m", "14m 3s", "40s".</summary>
    public static string Describe(TimeSpan held) =>
        held.TotalHours >= 1 ? $"{(int)held.TotalHours}h {held.Minutes}m"
        : held.TotalMinutes >= 1 ? $"{held.Minutes}m {held.Seconds}s"
        : $"{Math.Max(0, (int)held.TotalSeconds)}s";
}
