using System.Text;

namespace PostTls.Tests.TestSupport;

/// <summary>
/// Random edits of valid inputs for property tests: ranges deleted, duplicated or cut off,
/// lines swapped, and characters inserted that matter to the parsers under test (framing,
/// encoded-word delimiters, line breaks, lone surrogates). Deterministic for a given seed.
/// </summary>
internal sealed class Mutator(int seed)
{
    private static readonly string[] Fragments =
    [
        "=?", "?=", "?", "=", "_", "*", ":", " ", "\t", "\n", "\r", "\r\n", "\n ", "\0", "\u00e9", "\ud800", "\udc00", "\u2028",
        "*** ", " ***", "=?UTF-8?B?", "=?iso-8859-1?q?", "=?utf-8*en?Q?", "=C3", "=FF", "=X", "w6k=", "====",
        "*** ENVELOPE RECORDS deferred/1/1B43CB1E545 ***\n", "*** MESSAGE CONTENTS deferred/1/1B43CB1E545 ***\n",
        "*** HEADER EXTRACTED deferred/1/1B43CB1E545 ***\n", "*** MESSAGE FILE END deferred/1/1B43CB1E545 ***\n",
        "sender: \n", "recipient: x@y\n", "done_recipient: \n", "Subject: =?UTF-8?Q?x?=\n",
    ];

    private readonly Random _random = new(seed);

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
        switch (_random.Next(7))
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
                text.Insert(at, Fragments[_random.Next(Fragments.Length)]);
                break;
            case 4:
                text.Insert(at, (char)_random.Next(char.MaxValue + 1));
                break;
            case 5 when text.Length > 0:
                text[Math.Min(at, text.Length - 1)] = (char)_random.Next(128);
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

    /// <summary>An input shown in a failure message: escaped and cut to a readable length.</summary>
    public static string Show(string input)
    {
        var shown = new StringBuilder();
        foreach (var c in input.Length > 2000 ? input[..2000] : input)
        {
            shown.Append(c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return shown.ToString();
    }
}
