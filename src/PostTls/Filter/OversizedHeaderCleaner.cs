using PostTls.Headers;

namespace PostTls.Filter;

/// <summary>
/// Copies a message whose header block is larger than <see cref="HeaderBlockReader"/> holds,
/// dropping every X-PostTLS-* field with its continuation lines while it streams: a forged tag
/// or routing field must not pass just because the header is big, and such a message is still
/// legitimate mail that must not be refused. Lines are judged one at a time as the reader
/// judges them (<see cref="HeaderBlockReader.IsHeaderLine"/>); only the start of the current
/// line is held, enough to see its field name. Every other byte is copied as it is; the first
/// line that is not a header line ends the header block, and the rest is copied unexamined.
/// </summary>
internal static class OversizedHeaderCleaner
{
    /// <summary>
    /// A line whose first this many bytes are field-name characters without a colon is taken for
    /// body. Postfix's cleanup, which wrote the message into the queue and reads it again after
    /// us, judges the first line_length_limit bytes (2048 by default) the same way.
    /// </summary>
    internal const int NameWindow = 64 * 1024;

    private const int ChunkSize = 64 * 1024;

    private static ReadOnlySpan<byte> MboxFrom => "From "u8;

    /// <param name="head">What the header reader already took from <paramref name="input"/>: <paramref name="head"/>[0..<paramref name="headLength"/>).</param>
    /// <returns>The bytes read in all (the head included) and the number of fields removed.</returns>
    public static (long Size, int Removed) Copy(byte[] head, int headLength, Stream input, Stream output)
    {
        var lines = new LineStream(head, headLength, input);
        var removed = 0;
        var dropping = false;
        for (var first = true; ; first = false)
        {
            var start = lines.Peek(NameWindow);
            if (start.IsEmpty)
            {
                break;
            }

            if (first && start.StartsWith(MboxFrom))
            {
                lines.Pass(output); // an mbox From line, only as the very first line (as sendmail takes it)
                continue;
            }

            if (start[0] is (byte)' ' or (byte)'\t')
            {
                lines.Pass(dropping ? null : output);
                continue;
            }

            var nameLength = HeaderFieldName.Length(start);
            if (nameLength == 0)
            {
                break; // the first body line (or the empty line before the body): copied below
            }

            dropping = HeaderPolicy.IsOurs(start[..nameLength]);
            removed += dropping ? 1 : 0;
            lines.Pass(dropping ? null : output);
        }

        lines.CopyRest(output);
        return (lines.Total, removed);
    }

    /// <summary>The head, then the rest of the input, read line by line through one bounded buffer.</summary>
    private sealed class LineStream
    {
        private readonly Stream _input;
        private readonly byte[] _buffer;
        private int _position;
        private int _end;
        private int _scanned; // bytes after _position known to hold no newline
        private bool _ended;

        public LineStream(byte[] head, int headLength, Stream input)
        {
            _input = input;
            _buffer = head.Length >= NameWindow + ChunkSize ? head : new byte[Math.Max(headLength, NameWindow + ChunkSize)];
            if (!ReferenceEquals(_buffer, head))
            {
                Buffer.BlockCopy(head, 0, _buffer, 0, headLength);
            }

            _end = headLength;
            Total = headLength;
        }

        public long Total { get; private set; }

        /// <summary>The start of the current line: through its newline, or <paramref name="window"/> bytes, or up to the end of input.</summary>
        public ReadOnlySpan<byte> Peek(int window)
        {
            while (true)
            {
                var available = Math.Min(_end - _position, window);
                var newline = _buffer.AsSpan(_position + _scanned, available - _scanned).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    return _buffer.AsSpan(_position, _scanned + newline + 1);
                }

                _scanned = available;
                if (available == window || _ended)
                {
                    return _buffer.AsSpan(_position, available);
                }

                Fill();
            }
        }

        /// <summary>Writes the current line through its newline to <paramref name="output"/>, or drops it when null.</summary>
        public void Pass(Stream? output)
        {
            _scanned = 0;
            while (true)
            {
                var newline = _buffer.AsSpan(_position, _end - _position).IndexOf((byte)'\n');
                var end = newline >= 0 ? _position + newline + 1 : _end;
                output?.Write(_buffer, _position, end - _position);
                _position = end;
                if (newline >= 0 || _ended)
                {
                    return;
                }

                Fill();
            }
        }

        public void CopyRest(Stream output)
        {
            output.Write(_buffer, _position, _end - _position);
            _position = _end = 0;
            int read;
            while ((read = _input.Read(_buffer, 0, Math.Min(_buffer.Length, ChunkSize))) > 0)
            {
                output.Write(_buffer, 0, read);
                Total += read;
            }
        }

        private void Fill()
        {
            if (_position > 0)
            {
                Buffer.BlockCopy(_buffer, _position, _buffer, 0, _end - _position);
                _end -= _position;
                _position = 0;
            }

            if (_end == _buffer.Length)
            {
                // Cannot happen: a peek never holds more than NameWindow, a pass writes out what it holds.
                throw new InvalidOperationException("header cleaner buffer full");
            }

            var read = _input.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _ended = true;
                return;
            }

            _end += read;
            Total += read;
        }
    }
}
