using System.Text.RegularExpressions;
using PostTls.Queue;

namespace PostTls.Tests.TestSupport;

/// <summary>
/// For property tests of <see cref="PostcatOutput"/>: damage that aims at the framing lines
/// (dropped, repeated, moved, pointed at another file), and an independent check that every
/// message the parser returns stood in the input framed completely and in order.
/// </summary>
internal static partial class PostcatFraming
{
    private static readonly string[] Kinds = ["ENVELOPE RECORDS", "MESSAGE CONTENTS", "HEADER EXTRACTED", "MESSAGE FILE END"];

    /// <summary>One framing edit and a few character edits by <see cref="Mutator"/>.</summary>
    public static string Mutate(Random random, string output)
    {
        var lines = output.Split('\n').ToList();
        var markers = Enumerable.Range(0, lines.Count).Where(i => MarkerPattern().IsMatch(lines[i].TrimEnd('\r'))).ToList();
        if (markers.Count > 0)
        {
            var at = markers[random.Next(markers.Count)];
            var marker = lines[at];
            switch (random.Next(5))
            {
                case 0:
                    lines.RemoveAt(at);
                    break;
                case 1:
                    lines.Insert(random.Next(lines.Count + 1), marker);
                    break;
                case 2:
                    lines.RemoveAt(at);
                    lines.Insert(random.Next(lines.Count + 1), marker);
                    break;
                case 3:
                    lines[at] = marker.Replace("/", "/X", StringComparison.Ordinal);
                    break;
                default:
                    lines[at] = $"*** {Kinds[random.Next(Kinds.Length)]} deferred/D/DF160B1E4BA ***";
                    break;
            }
        }

        var text = string.Join('\n', lines);
        return random.Next(2) == 0 ? text : new Mutator(random.Next()).Mutate(text);
    }

    /// <summary>
    /// Each returned message, in order, must have its four framing lines in the input, in order,
    /// for one path ending in its queue ID, with no other framing line among them, and its
    /// sender and recipients as records inside them; no queue ID is returned twice.
    /// </summary>
    public static void AssertFramed(string input, IReadOnlyList<MessageDetails> messages)
    {
        var lines = input.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(messages.Count, messages.Select(m => m.QueueId).Distinct(StringComparer.Ordinal).Count());
        var from = 0;
        foreach (var message in messages)
        {
            Assert.True(QueueIds.IsValid(message.QueueId), message.QueueId);
            var start = FindFramed(lines, from, message.QueueId, out var end);
            Assert.True(start >= 0, $"{message.QueueId} returned without complete framing after line {from + 1}");
            var block = lines[start..end];
            AssertRecord(block, "sender", message.Sender);
            Assert.All(message.PendingRecipients, r => AssertRecord(block, "recipient", r));
            Assert.All(message.DoneRecipients, r => AssertRecord(block, "done_recipient", r));
            from = end;
        }
    }

    /// <summary>postcat writes "name: value"; the parser also takes "name:value".</summary>
    private static void AssertRecord(string[] block, string name, string value) =>
        Assert.True(block.Contains($"{name}: {value}") || block.Contains($"{name}:{value}"), $"no record {name}: {value}");

    private static int FindFramed(string[] lines, int from, string queueId, out int end)
    {
        end = -1;
        for (var start = from; start < lines.Length; start++)
        {
            if (Marker(lines[start]) is not ("ENVELOPE RECORDS", { } path) || !path.EndsWith("/" + queueId, StringComparison.Ordinal))
            {
                continue;
            }

            var next = 1;
            for (var i = start + 1; i < lines.Length && next < Kinds.Length; i++)
            {
                if (Marker(lines[i]) is not ({ } kind, { } other))
                {
                    continue;
                }

                if (kind != Kinds[next] || other != path)
                {
                    break;
                }

                if (++next == Kinds.Length)
                {
                    end = i + 1;
                    return start;
                }
            }
        }

        return -1;
    }

    private static (string? Kind, string? Path) Marker(string line) =>
        MarkerPattern().Match(line) is { Success: true } match ? (match.Groups[1].Value, match.Groups[2].Value) : (null, null);

    [GeneratedRegex(@"^\*\*\* (ENVELOPE RECORDS|MESSAGE CONTENTS|HEADER EXTRACTED|MESSAGE FILE END) (.+) \*\*\*$")]
    private static partial Regex MarkerPattern();
}
