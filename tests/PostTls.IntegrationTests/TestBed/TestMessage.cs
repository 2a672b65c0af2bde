using System.Text;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>Builds small test messages with a unique marker in the subject, to find them again in queue and sink.</summary>
internal static class TestMessage
{
    public static string NewMarker() => "t" + Guid.NewGuid().ToString("N")[..12];

    public static byte[] Create(string marker, string sender, string recipient, string extraHeaders = "", string body = "Hello.\n", string? subject = null)
    {
        var text = $"From: <{sender}>\nTo: <{recipient}>\nSubject: {subject ?? "test " + marker}\nDate: Sun, 22 Nov 2026 10:00:00 +0000\n"
            + $"Message-ID: <{marker}@client.posttls.test>\n{extraHeaders}\n{body}";
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>The header lines of a postcat -h output or a sink file, unfolded line by line.</summary>
    public static IReadOnlyList<string> HeaderLines(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .TakeWhile(line => line.Length > 0)
            .ToList();

    /// <summary>Every header field whose name starts with X-PostTLS- (case-insensitive), with continuation lines.</summary>
    public static IReadOnlyList<string> PostTlsFields(string text)
    {
        var fields = new List<string>();
        var inOurs = false;
        foreach (var line in HeaderLines(text))
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]))
            {
                if (inOurs)
                {
                    fields[^1] += "\n" + line;
                }

                continue;
            }

            inOurs = line.StartsWith("X-PostTLS-", StringComparison.OrdinalIgnoreCase);
            if (inOurs)
            {
                fields.Add(line);
            }
        }

        return fields;
    }
}
