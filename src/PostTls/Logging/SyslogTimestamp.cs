using System.Globalization;

namespace PostTls.Logging;

/// <summary>The classic syslog time stamp, <c>Nov  2 09:11:00</c>: day padded with a space, local time.</summary>
internal static class SyslogTimestamp
{
    public static string Format(DateTimeOffset time) =>
        time.ToString("MMM ", CultureInfo.InvariantCulture)
        + time.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)
        + time.ToString(" HH:mm:ss", CultureInfo.InvariantCulture);
}
