using System.Globalization;

namespace PostTls.Text;

/// <summary>How the admin commands write times and ages for people (untrusted text: <see cref="Text.SafeText"/>).</summary>
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
}
