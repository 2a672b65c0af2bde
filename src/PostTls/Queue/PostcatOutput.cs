namespace PostTls.Queue;

/// <summary>
/// Parses the output of <c>postcat -q -e -h ID1 ID2 …</c> (several messages in one run).
/// Each message is framed, in this order, by
/// <c>*** ENVELOPE RECORDS PATH ***</c>, envelope records, <c>*** MESSAGE CONTENTS PATH ***</c>,
/// the primary header, <c>*** HEADER EXTRACTED PATH ***</c>, more envelope records (recipients
/// of <c>sendmail -t</c> are here), <c>*** MESSAGE FILE END PATH ***</c>, where PATH is
/// <c>queue/hash/ID</c> (e.g. <c>deferred/D/DF160B1E4BA</c>, <c>hold/DF160B1E4BA</c>).
/// Hand-written: this is Postfix's own record format, not MIME, so no MIME library reads it.
/// </summary>
/// <remarks>
/// <para>postcat stops at the first ID it cannot open (exit 1, "postcat: fatal: open queue file
/// ID: No such file or directory" on stderr) after printing the messages before it, and it ends
/// a message without the end marker when the queue file ends early. Only messages with complete
/// framing are returned: a cut-off message could lack recipients.</para>
/// <para>postcat prints a sender's full name (<c>sendmail -F</c>, or $NAME) as it is, newlines
/// included, so any local user can put whole lines into the output: framing, a complete
/// made-up message under another message's queue ID, extra recipients. Verified on Postfix
/// 3.7. Those lines sit inside the user's own message, before its <c>sender:</c> record, and
/// they cannot carry that message's own queue ID (it is assigned after submission), so they
/// always break something this parser checks. Hence: after the first framing error nothing
/// later in the output is returned (each such message is named in the problems, to be asked
/// for again on its own); a queue ID that appears twice is returned neither time, nor is any
/// message after its first appearance; a message with a recipient before its sender (Postfix's
/// cleanup rejects those) or with other than one sender is skipped. Callers must still ignore
/// messages whose ID they did not ask for.</para>
/// </remarks>
internal static class PostcatOutput
{
    /// <summary>More problems than this are summarised in one last line.</summary>
    public const int MaxProblems = 100;

    private const string MarkerStart = "*** ";
    private const string MarkerEnd = " ***";

    private static readonly (string Text, Marker Kind)[] Markers =
    [
        ("ENVELOPE RECORDS ", Marker.EnvelopeRecords),
        ("MESSAGE CONTENTS ", Marker.MessageContents),
        ("HEADER EXTRACTED ", Marker.HeaderExtracted),
        ("MESSAGE FILE END ", Marker.MessageFileEnd),
    ];

    private enum Marker
    {
        EnvelopeRecords,
        MessageContents,
        HeaderExtracted,
        MessageFileEnd,
    }

    /// <summary>
    /// Splits the output into messages. Messages whose framing is broken are skipped with a
    /// line in <paramref name="problems"/>; never throws.
    /// </summary>
    public static IReadOnlyList<MessageDetails> Parse(string output, List<string> problems)
    {
        var reader = new Reader(new ProblemLog(problems ?? []));
        var text = output ?? "";
        var position = 0;
        while (position < text.Length)
        {
            // Split on LF only: a header may hold other line separators (FF, U+2028) as data.
            var newline = text.IndexOf('\n', position);
            var end = newline < 0 ? text.Length : newline;
            var line = text.AsSpan(position, end - position);
            position = newline < 0 ? text.Length : newline + 1;
            if (line.EndsWith("\r"))
            {
                // Output that went through a CRLF conversion: the CR is not part of the record.
                line = line[..^1];
            }

            reader.Line(line);
        }

        return reader.End();
    }

    /// <summary>The state between lines: the message being read, or what to do with lines outside one.</summary>
    private sealed class Reader(ProblemLog log)
    {
        private readonly List<MessageDetails> _messages = [];
        private PostcatMessageBuilder? _current;
        private bool _started;
        private bool _skipping;
        private int _brokenAt;
        private int _strayFrom;
        private int _lineNumber;

        public void Line(ReadOnlySpan<char> line)
        {
            _lineNumber++;
            if (TryParseMarker(line, out var marker, out var path))
            {
                EndStray(_lineNumber - 1);
                OnMarker(marker, path);
            }
            else if (_current is not null)
            {
                _current.Add(line, _lineNumber, log);
            }
            else if (!_skipping && _strayFrom == 0)
            {
                _strayFrom = _lineNumber;
            }
        }

        /// <summary>Remembers the first framing error: no later message is returned.</summary>
        private void Break()
        {
            if (_brokenAt == 0)
            {
                _brokenAt = _lineNumber;
            }
        }

        public IReadOnlyList<MessageDetails> End()
        {
            EndStray(_lineNumber);
            if (_current is not null)
            {
                log.Add($"{Printable(_current.Path)}: output ends before *** MESSAGE FILE END ***; message skipped");
            }

            var kept = WithoutRepeatedIds();
            log.Close();
            return kept;
        }

        /// <summary>
        /// postcat prints each file once, so an ID seen twice means lines were injected: neither
        /// copy is believed, nor anything after the first one.
        /// </summary>
        private List<MessageDetails> WithoutRepeatedIds()
        {
            var counts = _messages.CountBy(m => m.QueueId, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
            var cut = _messages.FindIndex(m => counts[m.QueueId] > 1);
            if (cut < 0)
            {
                return _messages;
            }

            var id = _messages[cut].QueueId;
            log.Add($"{id}: appears {counts[id]} times in one postcat run; it and the {_messages.Count - cut - counts[id]} other messages after it are not used");
            return _messages[..cut];
        }

        private void OnMarker(Marker marker, string path)
        {
            if (marker == Marker.EnvelopeRecords)
            {
                if (_current is not null)
                {
                    log.Add($"{Printable(_current.Path)}: next message begins (line {_lineNumber}) before *** MESSAGE FILE END ***; message skipped");
                    Break();
                }

                _current = new PostcatMessageBuilder(path);
                _started = true;
                _skipping = false;
                return;
            }

            if (_current is null)
            {
                if (!_skipping)
                {
                    log.Add($"line {_lineNumber}: framing line for {Printable(path)} outside any message; ignored");
                }

                Break();
                return;
            }

            var samePath = string.Equals(path, _current.Path, StringComparison.Ordinal);
            var advanced = samePath && marker switch
            {
                Marker.MessageContents => _current.Advance(PostcatSection.Envelope, PostcatSection.Header),
                Marker.HeaderExtracted => _current.Advance(PostcatSection.Header, PostcatSection.Extracted),
                Marker.MessageFileEnd => _current.Advance(PostcatSection.Extracted, PostcatSection.Done),
                _ => false,
            };
            if (!advanced)
            {
                // The rest of this message, up to the next one, is not looked at.
                log.Add(samePath
                    ? $"{Printable(_current.Path)}: line {_lineNumber} is an unexpected framing line; message skipped"
                    : $"{Printable(_current.Path)}: line {_lineNumber} frames another file, {Printable(path)}; message skipped");
                _current = null;
                _skipping = true;
                Break();
                return;
            }

            if (marker != Marker.MessageFileEnd)
            {
                return;
            }

            if (_current.Build(log) is { } message)
            {
                if (_brokenAt == 0)
                {
                    _messages.Add(message);
                }
                else
                {
                    log.Add($"{message.QueueId}: not used, as it follows broken framing (line {_brokenAt}); ask for it on its own");
                }
            }

            _current = null;
        }

        private void EndStray(int lastLine)
        {
            if (_strayFrom == 0)
            {
                return;
            }

            log.Add(_strayFrom == lastLine
                ? $"line {_strayFrom} is outside any message; ignored"
                : $"lines {_strayFrom}-{lastLine} are outside any message; ignored");
            if (_started && _brokenAt == 0)
            {
                // Text before the first message is harmless (stderr mixed in, say); text between
                // messages can only be left over from injected framing.
                _brokenAt = _strayFrom;
            }

            _strayFrom = 0;
        }
    }

    /// <summary>
    /// Recognises the four framing lines postcat prints and nothing else. Message content
    /// cannot forge one: a header line is a name, optional blanks and a colon, so it may be
    /// "*** : x ***" (Postfix accepts that) but never "*** MESSAGE FILE END …"; a
    /// continuation line starts with a blank; an envelope record is "name: value".
    /// </summary>
    private static bool TryParseMarker(ReadOnlySpan<char> line, out Marker marker, out string path)
    {
        marker = default;
        path = "";
        if (line.Length <= MarkerStart.Length + MarkerEnd.Length
            || !line.StartsWith(MarkerStart, StringComparison.Ordinal)
            || !line.EndsWith(MarkerEnd, StringComparison.Ordinal))
        {
            return false;
        }

        var inner = line[MarkerStart.Length..^MarkerEnd.Length];
        foreach (var (text, kind) in Markers)
        {
            if (inner.Length > text.Length && inner.StartsWith(text, StringComparison.Ordinal))
            {
                marker = kind;
                path = inner[text.Length..].ToString();
                return true;
            }
        }

        return false;
    }

    /// <summary>A path or ID fit for a log line: <see cref="Text.SafeText"/>, length capped.</summary>
    internal static string Printable(string text) => Text.SafeText.Cut(text, 103);
}
