using System.Text;

namespace PostTls.Queue;

/// <summary>One message of postcat output while its lines are read; see <see cref="PostcatOutput"/>.</summary>
internal sealed class PostcatMessageBuilder(string path)
{
    private readonly List<KeyValuePair<string, string>> _envelope = [];
    private readonly List<KeyValuePair<string, string>> _headers = [];
    private readonly StringBuilder _headerValue = new();
    private string? _headerName;
    private bool _senderSeen;
    private bool _recipientBeforeSender;

    /// <summary>The path in the framing lines, e.g. <c>deferred/D/DF160B1E4BA</c>.</summary>
    public string Path { get; } = path;

    public PostcatSection Section { get; private set; } = PostcatSection.Envelope;

    /// <summary>Moves to <paramref name="next"/> when the framing is where it should be.</summary>
    public bool Advance(PostcatSection expected, PostcatSection next)
    {
        if (Section != expected)
        {
            return false;
        }

        if (Section == PostcatSection.Header)
        {
            EndHeaderField();
        }

        Section = next;
        return true;
    }

    public void Add(ReadOnlySpan<char> line, int lineNumber, ProblemLog log)
    {
        if (Section == PostcatSection.Header)
        {
            AddHeaderLine(line, lineNumber, log);
        }
        else
        {
            AddEnvelopeRecord(line, lineNumber, log);
        }
    }

    /// <summary>The finished message, or null (with a problem logged) when it cannot be trusted.</summary>
    public MessageDetails? Build(ProblemLog log)
    {
        var slash = Path.LastIndexOf('/');
        var queueId = Path[(slash + 1)..];
        if (!QueueIds.IsValid(queueId))
        {
            log.Add($"{PostcatOutput.Printable(Path)}: not a valid queue ID; message skipped");
            return null;
        }

        var senders = _envelope.Where(r => r.Key == "sender").Select(r => r.Value).ToList();
        if (senders.Count != 1)
        {
            // Postfix writes exactly one sender record; without it "" would read as the null sender.
            log.Add($"{queueId}: {senders.Count} sender records instead of one; message skipped");
            return null;
        }

        if (_recipientBeforeSender)
        {
            // Postfix's cleanup rejects such a file; in postcat output it means lines were
            // injected through the sender's full name, which is printed just before the sender.
            log.Add($"{queueId}: a recipient record before the sender record; message skipped");
            return null;
        }

        return new MessageDetails(
            queueId,
            senders[0],
            _envelope.Where(r => r.Key == "recipient").Select(r => r.Value).ToList(),
            _envelope.Where(r => r.Key == "done_recipient").Select(r => r.Value).ToList(),
            _envelope,
            _headers,
            slash > 0 ? Path[..Path.IndexOf('/')] : "");
    }

    /// <summary>postcat prints each record as "name: value"; the value may be empty ("sender: ").</summary>
    private void AddEnvelopeRecord(ReadOnlySpan<char> line, int lineNumber, ProblemLog log)
    {
        var colon = line.IndexOf(':');
        if (colon <= 0 || line[..colon].ContainsAny(' ', '\t'))
        {
            log.Add($"{PostcatOutput.Printable(Path)}: line {lineNumber} is not an envelope record; ignored");
            return;
        }

        var value = line[(colon + 1)..];
        if (value.StartsWith(" "))
        {
            value = value[1..];
        }

        var name = line[..colon].ToString();
        _senderSeen |= name == "sender";
        _recipientBeforeSender |= !_senderSeen && name is "recipient" or "done_recipient" or "canceled_recipient" or "original_recipient";
        _envelope.Add(new(name, value.ToString()));
    }

    private void AddHeaderLine(ReadOnlySpan<char> line, int lineNumber, ProblemLog log)
    {
        if (line.Length > 0 && line[0] is ' ' or '\t')
        {
            if (_headerName is null)
            {
                log.Add($"{PostcatOutput.Printable(Path)}: line {lineNumber} continues no header field; ignored");
                return;
            }

            // Unfolding removes the line break only; the folding whitespace stays.
            _headerValue.Append(line);
            return;
        }

        EndHeaderField();
        var colon = line.IndexOf(':');
        var name = colon < 0 ? [] : line[..colon].TrimEnd(" \t");
        if (name.IsEmpty || !IsFieldName(name))
        {
            log.Add($"{PostcatOutput.Printable(Path)}: line {lineNumber} is not a header field; ignored");
            return;
        }

        _headerName = name.ToString();
        _headerValue.Append(line[(colon + 1)..]);
    }

    private void EndHeaderField()
    {
        if (_headerName is null)
        {
            return;
        }

        var value = _headerValue.ToString().TrimStart(' ', '\t');
        _headers.Add(new(_headerName, value));
        _headerName = null;
        _headerValue.Clear();
    }

    /// <summary>RFC 5322 field names are printable US-ASCII except the colon.</summary>
    private static bool IsFieldName(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
