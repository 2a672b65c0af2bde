using System.Globalization;

namespace PostTls.Mime;

/// <summary>The date-time of RFC 5322, section 3.3.</summary>
internal static class Rfc5322Date
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>For example "Mon, 23 Nov 2026 14:00:00 +0000": always UTC, English names whatever the process culture.</summary>
    public static string Format(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("ddd, d MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a Date: value as mail clients write it: an optional day name, day, month name,
    /// year (two digits allowed, as RFC 5322 section 4.3 reads them), hours and minutes with
    /// optional seconds, and a numeric zone or UT/GMT/Z; comments are ignored. The day name
    /// is not checked against the date. Anything else fails; the caller shows the text as is.
    /// </summary>
    public static bool TryParse(string? text, out DateTimeOffset time)
    {
        time = default;
        var fields = StripComments(text ?? "").Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();
        if (fields.Count > 0 && fields[0].EndsWith(','))
        {
            fields.RemoveAt(0);
        }
        else if (fields.Count > 0 && fields[0].Contains(',', StringComparison.Ordinal))
        {
            fields[0] = fields[0][(fields[0].IndexOf(',', StringComparison.Ordinal) + 1)..];
        }

        if (fields.Count != 5)
        {
            return false;
        }

        var month = Array.IndexOf(Months, fields[1].ToLowerInvariant());
        if (month < 0
            || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || !TryYear(fields[2], out var year)
            || !TryTime(fields[3], out var hour, out var minute, out var second)
            || !TryZone(fields[4], out var offset))
        {
            return false;
        }

        try
        {
            time = new DateTimeOffset(year, month + 1, day, hour, minute, second, offset);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static string StripComments(string text)
    {
        var depth = 0;
        return string.Concat(text.Select(c =>
        {
            depth += c == '(' ? 1 : 0;
            var keep = depth == 0;
            depth -= c == ')' && depth > 0 ? 1 : 0;
            return keep ? c : ' ';
        }));
    }

    private static bool TryYear(string text, out int year)
    {
        if (text.Length is not (2 or 4) || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year))
        {
            year = 0;
            return false;
        }

        if (text.Length == 2)
        {
            year += year < 50 ? 2000 : 1900;
        }

        return true;
    }

    private static bool TryTime(string text, out int hour, out int minute, out int second)
    {
        hour = minute = second = 0;
        var parts = text.Split(':');
        return parts.Length is 2 or 3
            && parts.All(p => p.Length == 2 && p.All(char.IsAsciiDigit))
            && int.TryParse(parts[0], CultureInfo.InvariantCulture, out hour)
            && int.TryParse(parts[1], CultureInfo.InvariantCulture, out minute)
            && (parts.Length == 2 || int.TryParse(parts[2], CultureInfo.InvariantCulture, out second))
            && second < 60;
    }

    private static bool TryZone(string text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (text.ToUpperInvariant() is "UT" or "UTC" or "GMT" or "Z")
        {
            return true;
        }

        if (text.Length != 5 || text[0] is not ('+' or '-') || !text[1..].All(char.IsAsciiDigit))
        {
            return false;
        }

        var hours = int.Parse(text.AsSpan(1, 2), CultureInfo.InvariantCulture);
        var minutes = int.Parse(text.AsSpan(3, 2), CultureInfo.InvariantCulture);
        if (hours > 14 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0) * (text[0] == '-' ? -1 : 1);
        return true;
    }
}
