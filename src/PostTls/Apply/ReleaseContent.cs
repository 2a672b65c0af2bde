using PostTls.Headers;

namespace PostTls.Apply;

/// <summary>
/// The content of a copy for the release listener: the stored message without any
/// X-PostTLS-Release field it may carry (untagged mail never passed our filter, and the last
/// FILTER wins in cleanup, so a forged one could otherwise re-route a copy), with ours on top
/// for a released copy. The copy resubmitted for the recipients that stay can get a fresh tag
/// in place of the old one: it is then a message of its own, tracked on its own record, so the
/// policy applies to it when it is deferred for TLS again. Every other byte stays as stored.
/// The next hop must be in the form <see cref="NextHop"/> writes, the only one the release
/// cleanup's pcre turns into a FILTER.
/// </summary>
internal static class ReleaseContent
{
    /// <param name="freshTag">When given, replaces every X-PostTLS-ID field of the stored message (one line on top).</param>
    /// <returns>null when the header block is too large to examine (the copy is then not made).</returns>
    /// <exception cref="ArgumentException"><paramref name="nextHop"/> is not in the form of <see cref="NextHop"/>.</exception>
    public static byte[]? Build(byte[] stored, string? nextHop, string? freshTag = null)
    {
        if (nextHop is not null && !NextHop.IsCanonical(nextHop))
        {
            throw new ArgumentException($"next hop \"{nextHop}\" is not in the routing header's form", nameof(nextHop));
        }

        var block = HeaderBlockReader.Read(new MemoryStream(stored, writable: false));
        if (!block.Complete)
        {
            return null;
        }

        var output = new MemoryStream(stored.Length + 128);
        var newline = block.UsesCrLf ? "\r\n" : "\n";
        if (nextHop is not null)
        {
            output.Write(System.Text.Encoding.ASCII.GetBytes($"{ReleaseHeader.Name}: {nextHop}{newline}"));
        }

        if (freshTag is not null)
        {
            output.Write(System.Text.Encoding.ASCII.GetBytes($"{Tagging.MessageTag.HeaderName}: {freshTag}{newline}"));
        }

        output.Write(stored, 0, block.HeaderStart);
        foreach (var field in HeaderField.Split(block.Bytes, block.HeaderStart, block.HeaderEnd))
        {
            var name = field.Name(block.Bytes);
            if (!System.Text.Ascii.EqualsIgnoreCase(name, ReleaseHeader.Name)
                && (freshTag is null || !System.Text.Ascii.EqualsIgnoreCase(name, Tagging.MessageTag.HeaderName)))
            {
                output.Write(block.Bytes, field.Start, field.Length);
            }
        }

        output.Write(stored, block.HeaderEnd, stored.Length - block.HeaderEnd);
        return output.ToArray();
    }
}
