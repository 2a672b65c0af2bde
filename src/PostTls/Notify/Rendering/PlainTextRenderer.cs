using System.Text;
using PostTls.Notify.Document;

namespace PostTls.Notify.Rendering;

/// <summary>
/// The text/plain part. It must be clear on its own: many senders' clients show only this,
/// so every action is spelled out with its plain address.
/// </summary>
internal static class PlainTextRenderer
{
    /// <summary>The body, blocks separated by blank lines, lines ending in "\n".</summary>
    public static string Render(IEnumerable<Block> blocks)
    {
        var output = new StringBuilder();
        foreach (var block in blocks)
        {
            if (output.Length > 0)
            {
                output.Append('\n');
            }

            Render(block, output);
        }

        return output.ToString();
    }

    private static void Render(Block block, StringBuilder output)
    {
        switch (block)
        {
            case Paragraph paragraph:
                output.Append(TextWrapper.Wrap(paragraph.Text));
                break;
            case FinePrint fine:
                output.Append(TextWrapper.Wrap(fine.Text));
                break;
            case FactList list:
                var width = list.Facts.Max(f => f.Label.Length) + 1;
                foreach (var fact in list.Facts)
                {
                    var label = "  " + (fact.Label + ":").PadRight(width) + " ";
                    output.Append(TextWrapper.Wrap(fact.Value, label, new string(' ', label.Length)));
                }

                break;
            case RecipientList list:
                foreach (var recipient in list.Recipients)
                {
                    output.Append(TextWrapper.Wrap($"{recipient.Address}: {recipient.Explanation}", "  - ", "    "));
                }

                break;
            case BulletList list:
                foreach (var item in list.Items)
                {
                    output.Append(TextWrapper.Wrap(item, "  - ", "    "));
                }

                break;
            case ActionButton action:
                // One line, never wrapped: the sentence and the address stay together.
                output.Append(action.Instruction).Append(' ').Append(action.Address).Append('\n');
                break;
            default:
                throw new InvalidOperationException("no text rendering for " + block.GetType().Name);
        }
    }
}
