using System.Text;
using PostTls.Headers;

namespace PostTls.Filter;

/// <summary>
/// What the filter does to a header block: which fields go (every <c>X-PostTLS-*</c> field,
/// because senders must not forge ours) and whether the message is tagged (not bounces, not
/// automatic mail: we never ask a robot to decide).
/// </summary>
internal static class HeaderPolicy
{
    private static readonly byte[] OurPrefix = "X-PostTLS-"u8.ToArray();
    private static readonly byte[] AutoSubmittedName = "Auto-Submitted"u8.ToArray();

    public static bool IsOurs(ReadOnlySpan<byte> name) =>
        name.Length >= OurPrefix.Length && Ascii.EqualsIgnoreCase(name[..OurPrefix.Length], OurPrefix);

    public static TagDecision Decide(HeaderBlock block, IReadOnlyList<HeaderField> fields, string sender)
    {
        if (!block.Complete)
        {
            return TagDecision.HeaderTooLarge;
        }

        if (block.StartsWithContinuation)
        {
            return TagDecision.MalformedHeader;
        }

        if (sender.Length == 0 || sender == "<>")
        {
            return TagDecision.NullSender;
        }

        foreach (var field in fields)
        {
            if (Ascii.EqualsIgnoreCase(field.Name(block.Bytes), AutoSubmittedName)
                && !AutoSubmitted.IsNo(field.UnfoldedValue(block.Bytes)))
            {
                return TagDecision.AutoSubmitted;
            }
        }

        return TagDecision.Tag;
    }
}
