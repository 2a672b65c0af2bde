using System.Globalization;
using System.Text;

namespace PostTls.Tests.TestSupport;

/// <summary>A strict quoted-printable decoder for tests: rejects anything RFC 2045 does not allow.</summary>
internal static class QuotedPrintableDecoder
{
    public static string Decode(string encoded)
    {
        var bytes = new List<byte>();
        var lines = encoded.Split("\r\n");
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var soft = line.EndsWith('=');
            if (soft)
            {
                line = line[..^1];
            }

            for (var j = 0; j < line.Length; j++)
            {
                if (line[j] == '=')
                {
                    bytes.Add(byte.Parse(line.AsSpan(j + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                    j += 2;
                }
                else
                {
                    bytes.Add(checked((byte)line[j]));
                }
            }

            if (!soft && i < lines.Length - 1)
            {
                bytes.AddRange("\r\n"u8);
            }
        }

        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
    }
}
