using MimeKit.Utils;
using PostTls.Configuration;
using PostTls.Notify.Texts;
using PostTls.Text;

namespace PostTls.Notify.Document;

/// <summary>
/// What one notification says, before it is rendered: its subject, its blocks in order, and
/// the cleaned values that templates can use.
/// </summary>
internal sealed class NoticeDocument
{
    // A server's reply can be long; the sender needs the gist, the log has the rest.
    private const int MaxServerReplyLength = 200;

    private NoticeDocument(Notice notice, NoticeTexts texts)
    {
        Texts = texts;
        var subject = SafeText.Clean(notice.OriginalSubject);
        OriginalSubject = subject.Length > 0 ? subject : texts.NoSubject;
        var date = SafeText.Clean(notice.OriginalDate);
        OriginalDate = DateUtils.TryParse(date, out var sent) ? texts.FormatDate(sent)
            : date.Length > 0 ? date
            : texts.FormatDate(notice.OriginalArrival.ToUniversalTime());
        Deadline = texts.FormatDate(notice.Deadline.ToUniversalTime());
        Action = notice.AppliedAction ?? notice.DefaultAction;
        Recipients = new RecipientList(notice.Recipients.Select(r => new RecipientLine(
            SafeText.Clean(r.Address),
            texts.Reason(r.Failure, Shorten(SafeText.Clean(r.ServerReply))) + (r.NeverInsecure ? " " + texts.NeverInsecureNote : ""))).ToList());
        Subject = notice.Kind switch
        {
            NoticeKind.Notice => texts.NoticeSubject(OriginalSubject),
            NoticeKind.Reminder => texts.ReminderSubject(notice.ReminderNumber, OriginalSubject),
            _ => texts.AppliedSubject(Action, OriginalSubject),
        };
        Blocks = notice.Kind is NoticeKind.Notice or NoticeKind.Reminder ? AskBlocks(notice) : AppliedBlocks(notice.Kind, notice.TlsRequiredNoRefused);
    }

    public NoticeTexts Texts { get; }

    /// <summary>The notification's own subject.</summary>
    public string Subject { get; }

    public IReadOnlyList<Block> Blocks { get; }

    /// <summary>Cleaned; the texts' "(no subject)" when there was none.</summary>
    public string OriginalSubject { get; }

    /// <summary>The original Date: in the texts' format (as written when it cannot be read), else when the message arrived.</summary>
    public string OriginalDate { get; }

    public string Deadline { get; }

    /// <summary>The applied action for the after-the-fact kinds, else the default action.</summary>
    public PolicyAction Action { get; }

    public RecipientList Recipients { get; }

    public static NoticeDocument Build(Notice notice, NoticeTexts texts) => new(notice, texts);

    private List<Block> AskBlocks(Notice notice)
    {
        var blocks = new List<Block>
        {
            new Paragraph(notice.Kind == NoticeKind.Reminder ? Texts.ReminderIntro : Texts.NoticeIntro),
            Facts(),
            new Paragraph(Texts.RecipientsIntro),
            Recipients,
        };
        var someNeverInsecure = notice.Recipients.Any(r => r.NeverInsecure);
        if (notice.ReleaseAddress is not null)
        {
            blocks.Add(new Paragraph(Texts.WithoutEncryptionExplained));
        }

        if (notice.ReleaseAddress is not null || notice.DeleteAddress is not null)
        {
            blocks.Add(new Paragraph(Texts.ChoicePrompt));
        }

        if (notice.ReleaseAddress is null)
        {
            blocks.Add(new Paragraph(someNeverInsecure ? Texts.NoReleaseNeverInsecure : Texts.NoReleaseOffered));
        }
        else
        {
            if (someNeverInsecure)
            {
                blocks.Add(new Paragraph(Texts.ReleaseOnlyForOthers));
            }

            blocks.Add(new ActionButton(Texts.ReleaseLabel, Texts.ReleaseInstruction, notice.ReleaseAddress, Caution: true));
            var until = notice.RememberUntil is { } end ? Texts.FormatDate(end.ToUniversalTime()) : "";
            foreach (var remember in notice.RememberAddresses ?? [])
            {
                var domain = SafeText.Clean(remember.Domain);
                blocks.Add(new ActionButton(Texts.RememberLabel(domain), Texts.RememberInstruction(domain, until), remember.Address, Caution: true));
            }
        }

        if (notice.DeleteAddress is not null)
        {
            blocks.Add(new ActionButton(Texts.DeleteLabel, Texts.DeleteInstruction, notice.DeleteAddress, Caution: false));
        }

        blocks.Add(new Paragraph(Texts.IfNothing(notice.DefaultAction, Deadline)));
        blocks.Add(new FinePrint(Texts.Footer));
        return blocks;
    }

    private List<Block> AppliedBlocks(NoticeKind kind, bool tlsRequiredNoRefused)
    {
        var intro = kind == NoticeKind.DeadlineApplied ? Texts.DeadlineIntro(Deadline) : Texts.NeverInsecureIntro;
        var blocks = new List<Block>
        {
            new Paragraph(intro + " " + Texts.ActionDone(Action)),
            Facts(),
            new Paragraph(Texts.RecipientsIntro),
            Recipients,
        };
        if (tlsRequiredNoRefused && kind == NoticeKind.NeverInsecureApplied)
        {
            blocks.Add(new Paragraph(Texts.TlsRequiredNoRefused));
        }

        if (Action is PolicyAction.Return or PolicyAction.Delete)
        {
            blocks.Add(new Paragraph(Texts.StillNeeded));
        }

        blocks.Add(new FinePrint(Texts.Footer));
        return blocks;
    }

    private FactList Facts() => new([new Fact(Texts.SubjectLabel, OriginalSubject), new Fact(Texts.DateLabel, OriginalDate)]);

    private static string Shorten(string text) =>
        text.Length <= MaxServerReplyLength ? text : text[..(MaxServerReplyLength - 1)].TrimEnd() + "\u2026";
}
