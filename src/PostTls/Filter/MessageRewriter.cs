using System.Text;
using PostTls.Headers;

namespace PostTls.Filter;

/// <summary>
/// Copies a message from input to output, adding our one tag line on top and dropping forged
/// X-PostTLS-* fields. Every other byte is copied as it is: line endings, 8-bit data, long
/// lines. Only the header block is examined; the body is streamed in fixed-size chunks. A
/// header block too large to hold is cleaned line by line while it streams, and not tagged.
/// Hand-written, never MimeKit: a MimeKit parse and write changes bytes (10 of the 31 corpus
/// messages, FilterWithoutMimeKitTests), and this per-message path of the native binary stays
/// free of a MIME library.
/// </summary>
internal static class MessageRewriter
{
    private const int CopyBufferSize = 64 * 1024;

    /// <param name="createTag">Called only when the message is to be tagged.</param>
    public static FilterOutcome Rewrite(Stream input, Stream output, string sender, Func<string> createTag,
        int headerLimit = HeaderBlockReader.DefaultLimit)
    {
        var block = HeaderBlockReader.Read(input, headerLimit);
        long size = block.Length;

        if (!block.Complete)
        {
            var (total, dropped) = OversizedHeaderCleaner.Copy(block.Bytes, block.Length, input, output);
            return new FilterOutcome(null, TagDecision.HeaderTooLarge, total, dropped);
        }

        var fields = HeaderField.Split(block.Bytes, block.HeaderStart, block.HeaderEnd);
        var decision = HeaderPolicy.Decide(block, fields, sender);
        string? tag = null;
        output.Write(block.Bytes, 0, block.HeaderStart); // an mbox From line stays first
        if (decision == TagDecision.Tag)
        {
            tag = createTag();
            var newline = block.UsesCrLf ? "\r\n" : "\n";
            output.Write(Encoding.ASCII.GetBytes($"{Tagging.MessageTag.HeaderName}: {tag}{newline}"));
        }

        var removed = 0;
        foreach (var field in fields)
        {
            if (HeaderPolicy.IsOurs(field.Name(block.Bytes)))
            {
                removed++;
                continue;
            }

            output.Write(block.Bytes, field.Start, field.Length);
        }

        output.Write(block.Bytes, block.HeaderEnd, block.Length - block.HeaderEnd);
        size += Copy(input, output);
        return new FilterOutcome(tag, decision, size, removed);
    }

    private static long Copy(Stream input, Stream output)
    {
        var buffer = new byte[CopyBufferSize];
        long total = 0;
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            output.Write(buffer, 0, read);
            total += read;
        }

        return total;
    }
}
