using System.Text;
using PostTls.Notify;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Notify;

/// <summary>
/// An administrator or a sender finds each action address of a notice with grep in the mailbox
/// file (issue 14, 2.8): in the message as written, every address is whole on one line of the
/// text part, however long the action domain and whatever the language or subject.
/// </summary>
[Collection(ChildProcessCollection.Name)]
public sealed class ActionAddressGrepTests
{
    private const string LongDomain = "posttls-actions.mail-gateway.headquarters.example-organisation.example";

    [Theory]
    [InlineData("en", NoticeKind.Notice, "Quarterly report", "mail.example.org")]
    [InlineData("de", NoticeKind.Notice, "Grüße aus Köln – Angebot 🚀", "mail.example.org")]
    [InlineData("en", NoticeKind.Reminder, "Quarterly report", LongDomain)]
    [InlineData("de", NoticeKind.Reminder, "日本語の件名とても長い件名がここに続きます。", LongDomain)]
    internal void Compose_Notice_EachActionAddressWholeOnALineOfTheTextPart(string language, NoticeKind kind, string subject, string domain)
    {
        var release = "posttls-send-aaisem2ekvthpcez-29926920-5vzgkwy3uxr64cti@" + domain;
        var delete = "posttls-delete-aaisem2ekvthpcez-29926920-c7jzx2fs7dnicv4n@" + domain;
        var raw = NoticeSamples.Composer(language).Compose(NoticeSamples.Notice(kind, subject, reminderNumber: kind == NoticeKind.Reminder ? 1 : 0,
            releaseAddress: release, deleteAddress: delete));

        var textPart = TextPartLines(raw);
        foreach (var address in new[] { release, delete })
        {
            Assert.Contains(textPart, line => line.Contains(address, StringComparison.Ordinal));
        }

        // The reader's view agrees with what grep sees.
        var parsed = PythonEmail.Parse(raw);
        MessageAssert.IsNotice(parsed);
        Assert.Contains(release, parsed.Parts[0].Content, StringComparison.Ordinal);
    }

    /// <summary>The raw lines between the text/plain part's header and the next boundary, as a mailbox file holds them.</summary>
    private static List<string> TextPartLines(byte[] raw)
    {
        var lines = Encoding.UTF8.GetString(raw).Split("\r\n");
        var start = Array.FindIndex(lines, l => l.StartsWith("Content-Type: text/plain", StringComparison.OrdinalIgnoreCase));
        Assert.True(start > 0, "no text/plain part");
        return lines.Skip(start).TakeWhile(l => !l.StartsWith("--", StringComparison.Ordinal)).ToList();
    }
}
