namespace PostTls.Queue;

/// <summary>
/// The output of <c>postqueue -j</c> read as it arrives, in pieces of any size: split into
/// lines at each newline (never part of a UTF-8 sequence, nor of a JSON string), each parsed
/// from the bytes (<see cref="PostqueueJson.TryParse(ReadOnlySpan{byte}, out QueuedMessage?, out string?)"/>).
/// Only a line split between two pieces is copied; texts that repeat between lines are made
/// once (<see cref="TextPool"/>). Empty lines are not lines; a last line
/// without its newline is one (and, cut short, unreadable).
/// </summary>
internal sealed class PostqueueListing
{
    private readonly Dictionary<string, QueuedMessage> _messages = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];
    private readonly TextPool _texts = new();
    private byte[] _partial = new byte[4096];
    private int _partialLength;

    /// <summary>By queue ID. A message can appear twice while the queue changes: the last line wins.</summary>
    public IReadOnlyDictionary<string, QueuedMessage> Messages => _messages;

    /// <summary>Why each unreadable line was skipped, in order.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>The next piece of the output.</summary>
    public void Add(ReadOnlySpan<byte> piece)
    {
        while (piece.IndexOf((byte)'\n') is var newline and >= 0)
        {
            if (_partialLength > 0)
            {
                Keep(piece[..newline]);
                Line(_partial.AsSpan(0, _partialLength));
                _partialLength = 0;
            }
            else
            {
                Line(piece[..newline]);
            }

            piece = piece[(newline + 1)..];
        }

        Keep(piece);
    }

    /// <summary>The output has ended: what follows the last newline is a line too.</summary>
    public void Finish()
    {
        Line(_partial.AsSpan(0, _partialLength));
        _partialLength = 0;
    }

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        if (_partialLength + bytes.Length > _partial.Length)
        {
            Array.Resize(ref _partial, Math.Max(_partial.Length * 2, _partialLength + bytes.Length));
        }

        bytes.CopyTo(_partial.AsSpan(_partialLength));
        _partialLength += bytes.Length;
    }

    private void Line(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            return;
        }

        if (PostqueueJson.TryParse(line, _texts, out var message, out var problem))
        {
            _messages[message.QueueId] = message;
        }
        else
        {
            _problems.Add(problem);
        }
    }
}
