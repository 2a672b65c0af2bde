using System.Text;
using PostTls.Notify.Document;

namespace PostTls.Notify.Rendering;

/// <summary>
/// The text/html part: one narrow column with inline styles only (mail clients drop style
/// sheets), the actions as two buttons. Every text is escaped here, once.
/// </summary>
internal static class HtmlRenderer
{
    private const string Body =
        "max-width:640px;margin:0 auto;padding:24px;background:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2937";

    private const string ParagraphStyle = "margin:0 0 16px";
    private const string FineStyle = "margin:0 0 16px;font-size:13px;color:#6b7280";
    private const string ButtonStyle =
        "display:inline-block;padding:12px 20px;border-radius:6px;color:#ffffff;font-weight:bold;text-decoration:none;background:";

    // Amber for the riskier choice, so nobody presses it by habit; dark grey for delete.
    private const string CautionColour = "#b45309";
    private const string PlainColour = "#374151";

    public static string Render(string language, string title, IEnumerable<Block> blocks)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n")
            .Append("<html lang=\"").Append(Html.Escape(language)).Append("\">\n")
            .Append("<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Html.Escape(title)).Append("</title>\n</head>\n")
            .Append("<body style=\"margin:0;padding:0;background:#f3f4f6\">\n")
            .Append("<div style=\"").Append(Body).Append("\">\n");
        foreach (var block in blocks)
        {
            Render(block, html);
        }

        return html.Append("</div>\n</body>\n</html>\n").ToString();
    }

    private static void Render(Block block, StringBuilder html)
    {
        switch (block)
        {
            case Paragraph paragraph:
                html.Append("<p style=\"").Append(ParagraphStyle).Append("\">").Append(Html.Escape(paragraph.Text)).Append("</p>\n");
                break;
            case FinePrint fine:
                html.Append("<p style=\"").Append(FineStyle).Append("\">").Append(Html.Escape(fine.Text)).Append("</p>\n");
                break;
            case FactList list:
                html.Append("<table role=\"presentation\" style=\"border-collapse:collapse;margin:0 0 16px\">\n");
                foreach (var fact in list.Facts)
                {
                    html.Append("<tr><td style=\"padding:2px 16px 2px 0;color:#6b7280;vertical-align:top\">")
                        .Append(Html.Escape(fact.Label))
                        .Append("</td><td style=\"padding:2px 0\"><strong>")
                        .Append(Html.Escape(fact.Value))
                        .Append("</strong></td></tr>\n");
                }

                html.Append("</table>\n");
                break;
            case RecipientList list:
                html.Append(RecipientItems(list));
                break;
            case BulletList list:
                html.Append("<ul style=\"margin:0 0 16px;padding-left:20px\">\n");
                foreach (var item in list.Items)
                {
                    html.Append("<li>").Append(Html.Escape(item)).Append("</li>\n");
                }

                html.Append("</ul>\n");
                break;
            case ActionButton action:
                var colour = action.Caution ? CautionColour : PlainColour;
                html.Append("<div style=\"margin:0 0 20px\">\n")
                    .Append("<a href=\"").Append(Html.Escape(Html.Mailto(action.Address, action.Label))).Append("\" style=\"")
                    .Append(ButtonStyle).Append(colour).Append("\">").Append(Html.Escape(action.Label)).Append("</a>\n")
                    .Append("<p style=\"margin:6px 0 0;font-size:13px;color:#4b5563\">").Append(Html.Escape(action.Instruction))
                    .Append(" <a href=\"").Append(Html.Escape(Html.Mailto(action.Address))).Append("\" style=\"color:#4b5563\">")
                    .Append(Html.Escape(action.Address)).Append("</a></p>\n</div>\n");
                break;
            default:
                throw new InvalidOperationException("no HTML rendering for " + block.GetType().Name);
        }
    }

    /// <summary>The recipient list as HTML; also the value of the recipients placeholder in HTML templates.</summary>
    public static string RecipientItems(RecipientList list)
    {
        var html = new StringBuilder("<ul style=\"margin:0 0 16px;padding-left:20px\">\n");
        foreach (var recipient in list.Recipients)
        {
            html.Append("<li style=\"margin:0 0 8px\"><strong>").Append(Html.Escape(recipient.Address)).Append("</strong>: ")
                .Append(Html.Escape(recipient.Explanation)).Append("</li>\n");
        }

        return html.Append("</ul>\n").ToString();
    }
}
