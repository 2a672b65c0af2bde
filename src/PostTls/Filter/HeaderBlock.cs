namespace PostTls.Filter;

/// <summary>
/// The start of a message as read from the filter's input: <see cref="Bytes"/>[0..<see cref="Length"/>)
/// holds the header block [0..<see cref="HeaderEnd"/>) and possibly the first body bytes after it.
/// </summary>
/// <param name="Complete">False when the header block exceeded the size limit before it ended;
/// the message is then passed on untouched.</param>
internal sealed record HeaderBlock(byte[] Bytes, int Length, int HeaderEnd, bool Complete)
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
}
