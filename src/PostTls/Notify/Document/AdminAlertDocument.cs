using PostTls.Notify.Texts;
using PostTls.Text;

namespace PostTls.Notify.Document;

/// <summary>The administrator's alert: what is stuck, and where to look.</summary>
internal static class AdminAlertDocument
{
    public static IReadOnlyList<Block> Build(IReadOnlyList<AdminAlertItem> items, NoticeTexts texts)
    {
        var blocks = new List<Block> { new Paragraph(texts.AdminIntro) };
        foreach (var item in items)
        {
            var sender = SafeText.Clean(item.Sender);
            blocks.Add(new FactList(
            [
                new Fact(texts.QueueIdLabel, SafeText.Clean(item.QueueId)),
                new Fact(texts.SenderLabel, sender.Length > 0 ? sender : "<>"),
                new Fact(texts.RecipientLabel, SafeText.Clean(item.Recipient)),
                new Fact(texts.ReasonLabel, SafeText.Clean(item.DelayReason)),
            ]));
        }

        blocks.Add(new Paragraph(texts.AdminChecksIntro));
        blocks.Add(new BulletList(texts.AdminChecks));
        blocks.Add(new Paragraph(texts.AdminRetry));
        return blocks;
    }
}
