using System.Globalization;
using System.Text;

namespace PostTls.Admin;

/// <summary>How the admin commands write times, ages and untrusted text for people.</summary>
internal static class HumanText
{
    /// <summary>A point in time, in UTC like the rest of posttls's output: <c>2026-11-22 10:14:03 UTC</c>.</summary>
    /// <param name="zone">False in tables whose heading says UTC once.</param>
    public static string Time(long unixSeconds, bool zone = true) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToString(zone ? "yyyy-MM-dd HH:mm:ss 'UTC'" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A span in its two largest units: <c>45s</c>, <c>12m</c>, <c>3h 12m</c>, <c>2d 4h</c>.</summary>
    public static string Span(long seconds)
    {
        seconds = Math.Max(0, seconds);
        var (d, h, m) = (seconds / 86400, seconds % 86400 / 3600, seconds % 3600 / 60);
        return (d, h, m) switch
        {
            ( > 0, 0, _) => $"{d}d",
            ( > 0, _, _) => $"{d}d {h}h",
            (_, > 0, 0) => $"{h}h",
            (_, > 0, _) => $"{h}h {m}m",
            (_, _, > 0) => $"{m}m",
            _ => $"{seconds}s",
        };
    }

    /// <summary>A deadline relative to now: <c>in 2d 3h</c> or <c>passed 1h ago</c>.</summary>
    public static string Until(long deadline, long now) =>
        deadline >= now ? "in " + Span(deadline - now) : "passed " + Span(now - deadline) + " ago";

    /// <summary>
    /// Text that came from outside (subjects, addresses, servers' replies) with control
    /// characters replaced: an escape sequence in a subject must not reach the terminal.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            clean.Append(char.IsControl(c) ? '?' : c);
        }

        return clean.ToString();
    }

    /// <summary><see cref="Clean"/>, cut to <paramref name="width"/> characters with "..." so table rows stay one line.</summary>
    public static string Cut(string? text, int width)
    {
        var clean = Clean(text);
        return clean.Length <= width ? clean : clean[..(width - 3)] + "...";
    }
}
