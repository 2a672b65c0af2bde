namespace PostTls.Filter;

/// <summary>
/// Reads just enough of a message to hold its header block: up to the first empty line, or
/// the first line that is neither a header field nor a continuation line, or the end of the
/// input. Everything else stays in the stream, so the body is never held in memory.
/// </summary>
internal static class HeaderBlockReader
{
    /// <summary>Header blocks above this are passed through untagged (Postfix's own default is 100 kB).</summary>
    public const int DefaultLimit = 1024 * 1024;

    private const int ChunkSize = 16 * 1024;

    public static HeaderBlock Read(Stream input, int limit = DefaultLimit)
    {
        var buffer = new byte[Math.Min(ChunkSize, limit + 1)];
        var length = 0;
        var lineStart = 0;

        while (true)
        {
            // Examine every complete line in the buffer.
            while (true)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', lineStart, length - lineStart);
                if (newline < 0)
                {
                    break;
                }

                if (!IsHeaderLine(buffer.AsSpan(lineStart, newline + 1 - lineStart)))
                {
                    return new HeaderBlock(buffer, length, lineStart, Complete: true);
                }

                lineStart = newline + 1;
            }

            if (lineStart > limit)
            {
                return new HeaderBlock(buffer, length, 0, Complete: false);
            }

            if (length == buffer.Length)
            {
                if (length > limit)
                {
                    return new HeaderBlock(buffer, length, 0, Complete: false);
                }

                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, limit + 1));
            }

            var read = input.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                // End of input inside the header block: a message without body, perhaps
                // without a final newline. A last partial line that is not a header field ends it.
                var end = length > lineStart && !IsHeaderLine(buffer.AsSpan(lineStart, length - lineStart))
                    ? lineStart
                    : length;
                return new HeaderBlock(buffer, length, end, Complete: true);
            }

            length += read;
        }
    }

    /// <summary>A header field start (<c>name:</c>) or a folded continuation (leading SP or TAB).</summary>
    internal static bool IsHeaderLine(ReadOnlySpan<byte> line)
    {
        if (line.Length == 0)
        {
            return false;
        }

        if (line[0] is (byte)' ' or (byte)'\t')
        {
            // A whitespace-only line would be an empty line in the eyes of many readers; treat it as the end.
            return line.TrimEnd("\r\n \t"u8).Length > 0;
        }

        return HeaderFieldName.Length(line) > 0;
    }
}
