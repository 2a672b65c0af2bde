using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PostTls.Configuration;

/// <summary>Postfix time values: a positive whole number and an optional unit s, m, h, d or w (default s).</summary>
internal static class DurationParser
{
    /// <summary>Nothing posttls times needs more than ten years; larger values are typing errors.</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(3650);

    public static bool TryParse(string text, [NotNullWhen(true)] out TimeSpan? duration)
    {
        duration = null;
        if (text.Length == 0)
        {
            return false;
        }

        var unit = text[^1];
        var digits = char.IsAsciiDigit(unit) ? text : text[..^1];
        var seconds = unit switch
        {
            's' => 1L,
            'm' => 60L,
            'h' => 3600L,
            'd' => 86400L,
            'w' => 604800L,
            _ when char.IsAsciiDigit(unit) => 1L,
            _ => 0L,
        };
        if (seconds == 0 || digits.Length == 0 || digits.Length > 9 || !digits.All(char.IsAsciiDigit)
            || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count == 0)
        {
            return false;
        }

        // count has at most 9 digits and seconds at most 604800: the product fits in a long.
        var total = count * seconds;
        if (total > (long)Maximum.TotalSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(total);
        return true;
    }
}
