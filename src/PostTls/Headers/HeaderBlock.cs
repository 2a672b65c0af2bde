namespace PostTls.Headers;

/// <summary>
/// The start of a message as read from the filter's input: <see cref="Bytes"/>[0..<see cref="Length"/>)
/// holds an optional mbox <c>From </c> line [0..<see cref="HeaderStart"/>), the header block
/// [<see cref="HeaderStart"/>..<see cref="HeaderEnd"/>) and possibly the first body bytes after it.
/// </summary>
/// <param name="Complete">False when the header block exceeded the size limit before it ended;
/// the message is then passed on untouched.</param>
internal sealed record HeaderBlock(byte[] Bytes, int Length, int HeaderStart, int HeaderEnd, bool Complete)
{
    /// <summary>True when the message uses CRLF line endings (judged by its first line).</summary>
    public bool UsesCrLf
    {
        get
        {
            var newline = Array.IndexOf(Bytes, (byte)'\n', 0, Length);
            return newline > 0 && Bytes[newline - 1] == '\r';
        }
    }

    /// <summary>
    /// True when the header block starts with a continuation line, which belongs to no field:
    /// a line added on top would swallow it, so such a message is not tagged.
    /// </summary>
    public bool StartsWithContinuation =>
        HeaderEnd > HeaderStart && Bytes[HeaderStart] is (byte)' ' or (byte)'\t';
}
