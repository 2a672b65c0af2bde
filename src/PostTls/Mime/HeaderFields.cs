using PostTls.Text;

namespace PostTls.Mime;

/// <summary>Header fields whose values come from people (subjects, display names), written safely.</summary>
internal static class HeaderFields
{
    // A longer word could not be folded to fit a line; encoded words can be split.
    private const int MaxPlainWordLength = 70;

    /// <summary>
    /// An unstructured field such as Subject. Whitespace and control characters become single
    /// spaces (a decoded subject may hold a line break: it must not end the header); words in
    /// printable ASCII stay readable, runs of other words become encoded words.
    /// </summary>
    public static string Unstructured(string name, string value)
    {
        var header = new FoldedHeader(name);
        var words = SafeText.Clean(value).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var run = new List<string>();
        foreach (var word in words)
        {
            if (NeedsEncoding(word))
            {
                run.Add(word);
                continue;
            }

            Flush(header, run);
            header.AppendPlain(word);
        }

        Flush(header, run);
        return header.ToString();
    }

    /// <summary>
    /// A mailbox field such as From, given as "Display Name &lt;address&gt;" or a bare address.
    /// Printable ASCII is written as given (folded at spaces); a display name with anything
    /// else becomes encoded words in full, which are atoms and need no quoting.
    /// </summary>
    public static string Mailbox(string name, string value)
    {
        var clean = SafeText.Clean(value);
        var open = clean.LastIndexOf('<');
        var header = new FoldedHeader(name);
        if (open > 0 && clean.EndsWith('>') && clean[..open].Any(c => !char.IsAscii(c)))
        {
            header.AppendEncoded(clean[..open].Trim().Trim('"').Trim());
            header.AppendPlain(clean[open..]);
            return header.ToString();
        }

        foreach (var word in clean.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            header.AppendPlain(word);
        }

        return header.ToString();
    }

    private static void Flush(FoldedHeader header, List<string> run)
    {
        if (run.Count > 0)
        {
            header.AppendEncoded(string.Join(' ', run));
            run.Clear();
        }
    }

    private static bool NeedsEncoding(string word) =>
        word.Length > MaxPlainWordLength
        || word.Contains("=?", StringComparison.Ordinal)
        || word.Any(c => c is < '!' or > '~');
}
