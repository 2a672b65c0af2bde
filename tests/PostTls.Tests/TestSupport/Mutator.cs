using System.Globalization;
using System.Text;

namespace PostTls.Tests.TestSupport;

/// <summary>
/// Random edits of valid inputs for property tests: ranges deleted, duplicated or cut off,
/// lines swapped, and characters inserted that matter to the parsers under test (framing,
/// encoded-word delimiters, line breaks, lone surrogates, unbalanced quotes and brackets, numbers
/// too large for any field, very long lines). Deterministic for a given seed. A target adds the
/// fragments that matter to its own parser through <paramref name="extraFragments"/>.
/// </summary>
internal sealed class Mutator(int seed, IReadOnlyList<string>? extraFragments = null)
{
    private static readonly string[] Fragments =
    [
        "=?", "?=", "?", "=", "_", "*", ":", " ", "\t", "\n", "\r", "\r\n", "\n ", "\0", "\u00e9", "\ud800", "\udc00", "\u2028",
        "*** ", " ***", "=?UTF-8?B?", "=?iso-8859-1?q?", "=?utf-8*en?Q?", "=C3", "=FF", "=X", "w6k=", "====",
        "*** ENVELOPE RECORDS deferred/1/1B43CB1E545 ***\n", "*** MESSAGE CONTENTS deferred/1/1B43CB1E545 ***\n",
        "*** HEADER EXTRACTED deferred/1/1B43CB1E545 ***\n", "*** MESSAGE FILE END deferred/1/1B43CB1E545 ***\n",
        "sender: \n", "recipient: x@y\n", "done_recipient: \n", "Subject: =?UTF-8?Q?x?=\n",
        "\"", "'", "<", ">", "(", ")", "[", "]", "{", "}", "\\", "\u00ff", "\u0080", "\u00a0",
        "99999999999999999999999999", "-1", "0", "1e400", "-0", "9223372036854775808",
    ];

    private readonly Random _random = new(seed);

    private readonly string[] _fragments = [.. Fragments, .. extraFragments ?? []];

    /// <summary>Bytes edited as Latin-1 text: one char per byte, so every byte value can appear.</summary>
    public byte[] Mutate(byte[] input) =>
        System.Text.Encoding.Latin1.GetBytes(Mutate(System.Text.Encoding.Latin1.GetString(input)));

    public string Mutate(string input)
    {
        var text = new StringBuilder(input);
        var edits = _random.Next(1, 6);
        for (var i = 0; i < edits; i++)
        {
            Edit(text);
        }

        return text.ToString();
    }

    private void Edit(StringBuilder text)
    {
        var at = _random.Next(text.Length + 1);
        var length = _random.Next(Math.Min(64, text.Length - at) + 1);
        switch (_random.Next(8))
        {
            case 0:
                text.Remove(at, length);
                break;
            case 1:
                text.Insert(at, text.ToString(at, length));
                break;
            case 2:
                text.Length = at;
                break;
            case 3:
                text.Insert(at, _fragments[_random.Next(_fragments.Length)]);
                break;
            case 4:
                text.Insert(at, (char)_random.Next(char.MaxValue + 1));
                break;
            case 5 when text.Length > 0:
                // A random ASCII character, or one bit of the old one flipped (8-bit values too).
                var i = Math.Min(at, text.Length - 1);
                text[i] = _random.Next(2) == 0 ? (char)_random.Next(128) : (char)(text[i] ^ (1 << _random.Next(8)));
                break;
            case 6:
                // A very long line: past line-length limits and buffer sizes of every reader here.
                text.Insert(at, new string(_fragments[_random.Next(_fragments.Length)].FirstOrDefault('x'), _random.Next(998, 20_000)));
                break;
            default:
                SwapLines(text);
                break;
        }
    }

    private void SwapLines(StringBuilder text)
    {
        var lines = text.ToString().Split('\n');
        if (lines.Length < 2)
        {
            return;
        }

        var a = _random.Next(lines.Length);
        var b = _random.Next(lines.Length);
        (lines[a], lines[b]) = (lines[b], lines[a]);
        text.Clear().AppendJoin('\n', lines);
    }

    /// <summary>Bytes shown in a failure message, as Latin-1 text escaped.</summary>
    public static string Show(byte[] input) => Show(System.Text.Encoding.Latin1.GetString(input));

    /// <summary>An input shown in a failure message: escaped and cut to a readable length.</summary>
    public static string Show(string input)
    {
        const int max = 3000;
        var shown = new StringBuilder();
        foreach (var c in input)
        {
            if (shown.Length > max)
            {
                return shown.Append(CultureInfo.InvariantCulture, $"... ({input.Length} characters in all)").ToString();
            }

            shown.Append(c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return shown.ToString();
    }
}
