using PostTls.Text;

namespace PostTls.Configuration;

/// <summary>A configuration file that cannot be used; the message names file, line and setting.</summary>
/// <remarks>
/// Messages quote names and values from the file, which may hold control characters (a stray
/// CR, DEL, an escape sequence) or direction overrides. The message ends up as one line on a
/// terminal, in the log, or in a delivery status report (filter and decide), so it passes
/// <see cref="SafeText.Clean"/> (control characters shown as '?', format characters removed).
/// </remarks>
internal sealed class ConfigException(string message) : Exception(SafeText.Clean(message));
