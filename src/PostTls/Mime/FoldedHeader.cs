using System.Text;

namespace PostTls.Mime;

/// <summary>
/// Builds one header field, folding at whitespace so that no line exceeds
/// <see cref="MaxLineLength"/> octets, and writing text outside printable ASCII as RFC 2047
/// "Q" encoded words in UTF-8 (each at most 75 characters, each holding whole characters).
/// </summary>
internal sealed class FoldedHeader
{
    /// <summary>RFC 5322's recommended limit, CRLF not counted.</summary>
    public const int MaxLineLength = 78;

    private const int MaxEncodedWordLength = 75;
    private const string WordStart = "=?utf-8?q?";
    private const string WordEnd = "?=";
    private const string HexDigits = "0123456789ABCDEF";

    private readonly StringBuilder _field = new();
    private int _lineLength;

    public FoldedHeader(string name)
    {
        _field.Append(name).Append(':');
        _lineLength = name.Length + 1;
    }

    /// <summary>A space, then <paramref name="word"/> (printable ASCII, no spaces) as is; folds before the space when the line is full.</summary>
    public void AppendPlain(string word) => Append(" " + word);

    /// <summary>
    /// A space, then <paramref name="text"/> as encoded words. Decoders drop the whitespace
    /// between adjacent encoded words, so the text may be split over several words and lines
    /// without changing it; its own spaces are encoded ("_").
    /// </summary>
    public void AppendEncoded(string text)
    {
        var encoded = new List<string>();
        foreach (var rune in text.EnumerateRunes())
        {
            encoded.Add(Encode(rune));
        }

        var next = 0;
        while (next < encoded.Count)
        {
            var room = Math.Min(MaxEncodedWordLength, MaxLineLength - _lineLength - 1) - WordStart.Length - WordEnd.Length;
            if (room < encoded[next].Length)
            {
                Fold();
                continue;
            }

            var word = new StringBuilder(WordStart);
            while (next < encoded.Count && word.Length - WordStart.Length + encoded[next].Length <= room)
            {
                word.Append(encoded[next++]);
            }

            Append(" " + word.Append(WordEnd));
        }
    }

    /// <summary>The field with its final CRLF.</summary>
    public override string ToString() => _field + "\r\n";

    private void Append(string piece)
    {
        if (_lineLength + piece.Length > MaxLineLength)
        {
            Fold();
        }

        _field.Append(piece);
        _lineLength += piece.Length;
    }

    // The space that follows starts the continuation line (RFC 5322 folding keeps it).
    private void Fold()
    {
        _field.Append("\r\n");
        _lineLength = 0;
    }

    /// <summary>
    /// Only characters allowed in a "phrase" stay as they are (RFC 2047, section 5 (3)), so the
    /// same words are valid in Subject and in a display name.
    /// </summary>
    private static string Encode(Rune rune)
    {
        if (rune.Value == ' ')
        {
            return "_";
        }

        if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value is '!' or '*' or '+' or '-' or '/'))
        {
            return ((char)rune.Value).ToString();
        }

        Span<byte> bytes = stackalloc byte[4];
        var count = rune.EncodeToUtf8(bytes);
        var token = new StringBuilder(count * 3);
        foreach (var b in bytes[..count])
        {
            token.Append('=').Append(HexDigits[b >> 4]).Append(HexDigits[b & 15]);
        }

        return token.ToString();
    }
}
