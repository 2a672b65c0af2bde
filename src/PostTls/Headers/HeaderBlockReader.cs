namespace PostTls.Headers;

/// <summary>
/// Reads just enough of a message to hold its header block: up to the first empty line, or
/// the first line that is neither a header field nor a continuation line, or the end of the
/// input. Everything else stays in the stream, so the body is never held in memory. Lines are
/// judged as Postfix's cleanup judges them: any line starting with a blank continues a field.
/// </summary>
internal static class HeaderBlockReader
{
    /// <summary>Header blocks above this are passed through untagged (Postfix's own default is 100 kB).</summary>
    public const int DefaultLimit = 1024 * 1024;

    private const int ChunkSize = 16 * 1024;
    private const int LookAhead = 1024;

    private static ReadOnlySpan<byte> MboxFrom => "From "u8;

    /// <param name="limit">The largest header block (without the empty line ending it) that is examined.</param>
    public static HeaderBlock Read(Stream input, int limit = DefaultLimit)
    {
        // Room for a full-size header block plus enough of the next line to judge it.
        var capacity = limit + LookAhead;
        var buffer = new byte[Math.Min(ChunkSize, capacity)];
        var length = 0;
        var lineStart = 0;
        int? headerStart = null;

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

                var line = buffer.AsSpan(lineStart, newline + 1 - lineStart);
                if (headerStart is null)
                {
                    // Postfix's sendmail accepts an mbox "From " line only as the very first line.
                    headerStart = line.StartsWith(MboxFrom) ? newline + 1 : 0;
                    if (headerStart > 0)
                    {
                        lineStart = newline + 1;
                        continue;
                    }
                }

                if (!IsHeaderLine(line))
                {
                    return Ended(buffer, length, headerStart.Value, lineStart, limit);
                }

                lineStart = newline + 1;
            }

            // The partial line at the end may already show that it starts the body.
            if (headerStart is not null && length > lineStart && IsBodyStart(buffer.AsSpan(lineStart, length - lineStart)))
            {
                return Ended(buffer, length, headerStart.Value, lineStart, limit);
            }

            if (lineStart - (headerStart ?? 0) > limit)
            {
                return new HeaderBlock(buffer, length, 0, 0, Complete: false);
            }

            if (length == buffer.Length)
            {
                if (buffer.Length >= capacity)
                {
                    return new HeaderBlock(buffer, length, 0, 0, Complete: false);
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, capacity));
            }

            var read = input.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                // End of input inside the header block: a message without body, perhaps
                // without a final newline. A last partial line that is not a header field ends it.
                headerStart ??= 0;
                var end = length > lineStart && !IsHeaderLine(buffer.AsSpan(lineStart, length - lineStart))
                    ? lineStart
                    : length;
                return Ended(buffer, length, headerStart.Value, end, limit);
            }

            length += read;
        }
    }

    private static HeaderBlock Ended(byte[] buffer, int length, int headerStart, int headerEnd, int limit) =>
        headerEnd - headerStart > limit
            ? new HeaderBlock(buffer, length, 0, 0, Complete: false)
            : new HeaderBlock(buffer, length, headerStart, headerEnd, Complete: true);

    /// <summary>A header field start (<c>name:</c>) or a continuation (leading SP or TAB), as Postfix sees it.</summary>
    internal static bool IsHeaderLine(ReadOnlySpan<byte> line) =>
        line.Length > 0 && (line[0] is (byte)' ' or (byte)'\t' || HeaderFieldName.Length(line) > 0);

    /// <summary>True when the beginning of a line already rules out a header field or continuation.</summary>
    private static bool IsBodyStart(ReadOnlySpan<byte> partial) =>
        partial[0] is not ((byte)' ' or (byte)'\t') && HeaderFieldName.CannotStartField(partial);
}
