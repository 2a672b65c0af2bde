using PostTls.Filter;

namespace PostTls.Release;

/// <summary>
/// The content of a copy for the release listener: the stored message without any
/// X-PostTLS-Release field it may carry (untagged mail never passed our filter, and the last
/// FILTER wins in cleanup, so a forged one could otherwise re-route a copy), with ours on top
/// for a released copy. Every other byte stays as stored. The next hop must be in the form
/// <see cref="NextHop"/> writes, the only one the release cleanup's pcre turns into a FILTER.
/// </summary>
internal static class ReleaseContent
{
    /// <returns>null when the header block is too large to examine (the copy is then not made).</returns>
    /// <exception cref="ArgumentException"><paramref name="nextHop"/> is not in the form of <see cref="NextHop"/>.</exception>
    public static byte[]? Build(byte[] stored, string? nextHop)
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
        if (nextHop is not null)
        {
            output.Write(System.Text.Encoding.ASCII.GetBytes($"{ReleaseHeader.Name}: {nextHop}{(block.UsesCrLf ? "\r\n" : "\n")}"));
        }

        output.Write(stored, 0, block.HeaderStart);
        foreach (var field in HeaderField.Split(block.Bytes, block.HeaderStart, block.HeaderEnd))
        {
            if (!System.Text.Ascii.EqualsIgnoreCase(field.Name(block.Bytes), ReleaseHeader.Name))
            {
                output.Write(block.Bytes, field.Start, field.Length);
            }
        }

        output.Write(stored, block.HeaderEnd, stored.Length - block.HeaderEnd);
        return output.ToArray();
    }
}
