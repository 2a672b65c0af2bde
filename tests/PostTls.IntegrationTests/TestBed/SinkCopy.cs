using System.Text;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>Compares what reached smtp-sink with what was submitted, apart from what the path adds on purpose.</summary>
internal static class SinkCopy
{
    /// <summary>Drops what the path adds on purpose: smtp-sink's X- lines, Received, and our tag.</summary>
    public static string WithoutAddedFields(string arrived)
    {
        var lines = arrived.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var kept = new List<string>();
        var skipping = false;
        var inHeader = true;
        foreach (var line in lines)
        {
            if (inHeader && line.Length == 0)
            {
                inHeader = false;
            }

            if (inHeader && line.Length > 0 && char.IsWhiteSpace(line[0]))
            {
                if (!skipping)
                {
                    kept.Add(line);
                }

                continue;
            }

            skipping = inHeader && (line.StartsWith("Received:", StringComparison.Ordinal) || line.StartsWith("X-PostTLS-ID:", StringComparison.Ordinal)
                || line.StartsWith("X-Client-", StringComparison.Ordinal) || line.StartsWith("X-Helo-Args:", StringComparison.Ordinal)
                || line.StartsWith("X-Mail-Args:", StringComparison.Ordinal) || line.StartsWith("X-Rcpt-Args:", StringComparison.Ordinal));
            if (!skipping)
            {
                kept.Add(line);
            }
        }

        return string.Join("\n", kept);
    }

    /// <summary>
    /// Line endings as LF, and the CRLF-SPACE that Postfix's smtp client inserts into lines over
    /// smtp_line_length_limit (998) on every path, released or not, taken out again; smtp-sink's
    /// trailing empty line dropped.
    /// </summary>
    public static string Normalise(string message)
    {
        var text = message.Replace("\r\n", "\n", StringComparison.Ordinal);
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var body = text[(split + 2)..].Replace("\n ", "", StringComparison.Ordinal).TrimEnd('\n');
        return text[..split] + "\n\n" + body;
    }

    public static string Normalise(byte[] message) => Normalise(Encoding.UTF8.GetString(message));

    /// <summary>True when <paramref name="arrived"/> is <paramref name="original"/> plus only what the path adds.</summary>
    public static bool Matches(byte[] original, string arrived) =>
        Normalise(original) == Normalise(WithoutAddedFields(arrived));
}
