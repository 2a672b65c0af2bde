using System.Text;

namespace PostTls.Queue;

/// <summary>
/// One string for each text that repeats between the lines of one <c>postqueue -j</c> listing:
/// senders, recipient addresses and above all delay reasons (one incident defers thousands of
/// messages with the same reason). A steady sweep keeps the whole listing alive while it
/// works, so every duplicate would be garbage the collector copies more than once; and a
/// reason that is the same string is classified once (Sweep/Tracker.cs). Bounded: a listing of
/// all-different texts pools the first <see cref="MaxEntries"/> and makes the rest as before.
/// Hand-written because .NET's own pools (string.Intern) are process-wide and never shrink.
/// </summary>
internal sealed class TextPool
{
    private const int MaxEntries = 4096;
    private const int MaxPooledLength = 512;

    private readonly HashSet<string> _texts = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public TextPool() => _lookup = _texts.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The string of <paramref name="utf8"/>, which must be valid UTF-8: the pooled one when there is one.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxPooledLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        Span<char> buffer = stackalloc char[MaxPooledLength];
        var chars = buffer[..Encoding.UTF8.GetChars(utf8, buffer)];
        if (_lookup.TryGetValue(chars, out var pooled))
        {
            return pooled;
        }

        var text = new string(chars);
        if (_texts.Count < MaxEntries)
        {
            _texts.Add(text);
        }

        return text;
    }
}
