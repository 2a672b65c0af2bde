using System.Globalization;

namespace PostTls.Smtp;

/// <summary>The ESMTP extensions a server announced in its EHLO reply.</summary>
internal sealed class SmtpCapabilities
{
    private readonly HashSet<string> _keywords;

    private SmtpCapabilities(HashSet<string> keywords, long? size)
    {
        _keywords = keywords;
        Size = size;
    }

    /// <summary>The SIZE limit in bytes; 0 means no limit; null when SIZE was not announced or had no number.</summary>
    public long? Size { get; }

    public bool EightBitMime => Supports("8BITMIME");

    public bool SmtpUtf8 => Supports("SMTPUTF8");

    public bool Dsn => Supports("DSN");

    public bool Pipelining => Supports("PIPELINING");

    /// <summary>BDAT (RFC 3030); Postfix announces it from 3.4 on unless a site discards the keyword.</summary>
    public bool Chunking => Supports("CHUNKING");

    public bool Supports(string keyword) => _keywords.Contains(keyword);

    /// <summary>
    /// Reads the lines after the first (which is the server's name): each is a keyword,
    /// optionally followed by parameters, e.g. <c>SIZE 10240000</c>.
    /// </summary>
    public static SmtpCapabilities FromEhloReply(SmtpReply reply)
    {
        var keywords = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long? size = null;
        foreach (var line in reply.Lines.Skip(1))
        {
            var parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            keywords.Add(parts[0]);
            if (parts[0].Equals("SIZE", StringComparison.OrdinalIgnoreCase) && parts.Length == 2
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var limit))
            {
                size = limit;
            }
        }

        return new SmtpCapabilities(keywords, size);
    }
}
