using PostTls.Notify.Texts;
using PostTls.Text;

namespace PostTls.Notify.Document;

/// <summary>The administrator's alert: what is stuck (or carries a reused tag), and where to look.</summary>
internal static class AdminAlertDocument
{
    public static IReadOnlyList<Block> Build(IReadOnlyList<AdminAlertItem> items, NoticeTexts texts)
    {
        var reused = items[0].Kind == AdminAlertKind.TagReused;
        var blocks = new List<Block> { new Paragraph(reused ? texts.TagReusedIntro : texts.AdminIntro) };
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
        blocks.Add(new BulletList(reused ? texts.TagReusedChecks : texts.AdminChecks));
        if (!reused)
        {
            blocks.Add(new Paragraph(texts.AdminRetry));
        }

        return blocks;
    }

    /// <summary>One message PostTLS could not act on; the run went on with the others.</summary>
    public static IReadOnlyList<Block> Build(AdminProblem problem, NoticeTexts texts)
    {
        var sender = SafeText.Clean(problem.Sender);
        return
        [
            new Paragraph(texts.ProblemIntro),
            new FactList(
            [
                new Fact(texts.QueueIdLabel, SafeText.Clean(problem.QueueId)),
                new Fact(texts.SenderLabel, sender.Length > 0 ? sender : "<>"),
                new Fact(texts.RequestLabel, SafeText.Clean(problem.Request)),
                new Fact(texts.ProblemLabel, SafeText.Clean(problem.Problem)),
                new Fact(texts.OutcomeLabel, SafeText.Clean(problem.Outcome)),
            ]),
            new Paragraph(texts.ProblemAdvice(SafeText.Clean(problem.QueueId))),
        ];
    }
}
