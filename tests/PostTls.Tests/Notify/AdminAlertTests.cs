using PostTls.Notify;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Notify;

[Collection(ChildProcessCollection.Name)]
public sealed class AdminAlertTests
{
    private static readonly AdminAlertItem[] Items =
    [
        new("4XyZ1abcD2", "alice@example.org", "bob@example.net", "delivery temporarily suspended: TLS is required, but our TLS engine is unavailable"),
        new("B1C2D3E4F5", "", "carol@example.com", "Cannot start TLS: handshake failure <local>"),
    ];

    [Theory]
    [InlineData("en", "PostTLS: 2 messages held up by this server's own TLS setup", "Please check:", "Queue ID: 4XyZ1abcD2")]
    [InlineData("de", "PostTLS: 2 Nachrichten hängen wegen der TLS-Einrichtung dieses Servers", "Bitte prüfen Sie:", "Queue-ID: 4XyZ1abcD2")]
    public void ComposeAdminAlert_ListsEachMessageAndWhatToCheck(string language, string subject, string check, string queueId)
    {
        var raw = NoticeSamples.Composer(language).ComposeAdminAlert("postmaster@example.org", Items);
        var message = PythonEmail.Parse(raw);

        MessageAssert.WellFormed(raw);
        Assert.Empty(message.Defects);
        Assert.False(message.IsMultipart);
        var part = Assert.Single(message.Parts);
        Assert.Equal("text/plain", part.ContentType);
        Assert.Equal("utf-8", part.Charset);
        MessageAssert.ReadableEncoding(part);
        Assert.Equal(subject, message.Subject);
        Assert.Equal("postmaster@example.org", message.Header("To"));
        Assert.Equal("admin-alert", message.Header(NotificationComposer.NoticeHeader));
        Assert.Equal("auto-generated", message.Header("Auto-Submitted"));
        var text = MessageAssert.Collapse(part.Content);
        Assert.Contains(check, text, StringComparison.Ordinal);
        Assert.Contains(queueId, text, StringComparison.Ordinal);
        foreach (var expected in new[]
        {
            "B1C2D3E4F5", "alice@example.org", "<>", "bob@example.net", "carol@example.com",
            "delivery temporarily suspended: TLS is required, but our TLS engine is unavailable",
            "Cannot start TLS: handshake failure <local>", "smtp_tls_", "smtp_tls_CAfile", "tlsmgr", "postqueue -f",
        })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ComposeAdminAlert_OneMessage_SaysSoInSingular()
    {
        var message = PythonEmail.Parse(NoticeSamples.Composer().ComposeAdminAlert("root", [Items[0]]));

        Assert.Equal("PostTLS: 1 message held up by this server's own TLS setup", message.Subject);
    }

    [Fact]
    public void ComposeAdminAlert_NoItemsOrNoAddress_Throws()
    {
        Assert.Throws<ArgumentException>(() => NoticeSamples.Composer().ComposeAdminAlert("root", []));
        Assert.Throws<ArgumentException>(() => NoticeSamples.Composer().ComposeAdminAlert("", Items));
    }

    private static readonly AdminAlertItem Reused = new("C3D4E5F6A7", "alice@example.org", "bob@example.net, carol@example.net",
        "carries the tag of message aaisem2ekvthpcez (queue ID 4XyZ1abcD2, from <alice@example.org>): that message is still queued",
        AdminAlertKind.TagReused);

    [Theory]
    [InlineData("en", "PostTLS: 1 queue entry carries the tag of another message", "they are tracked as untagged", "postsuper -d QUEUE-ID")]
    [InlineData("de", "PostTLS: 1 Nachricht in der Warteschlange trägt die Kennung einer anderen", "gelten als nicht gekennzeichnet", "postsuper -d QUEUE-ID")]
    public void ComposeAdminAlert_TagReused_NamesTheEntryTheOwnerAndWhatToDo(string language, string subject, string intro, string advice)
    {
        var raw = NoticeSamples.Composer(language).ComposeAdminAlert("postmaster@example.org", [Reused]);
        var message = PythonEmail.Parse(raw);

        MessageAssert.WellFormed(raw);
        Assert.Empty(message.Defects);
        Assert.Equal(subject, message.Subject);
        Assert.Equal("admin-alert", message.Header(NotificationComposer.NoticeHeader));
        var text = MessageAssert.Collapse(Assert.Single(message.Parts).Content);
        foreach (var expected in new[] { intro, advice, "C3D4E5F6A7", "bob@example.net, carol@example.net", "aaisem2ekvthpcez", "that message is still queued", "posttls check" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("postqueue -f", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tlsmgr", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ComposeAdminAlert_TagReusedPlural_SaysSo()
    {
        var message = PythonEmail.Parse(NoticeSamples.Composer().ComposeAdminAlert("root", [Reused, Reused with { QueueId = "D4E5F6A7B8" }]));

        Assert.Equal("PostTLS: 2 queue entries carry the tag of another message", message.Subject);
    }

    [Fact]
    public void ComposeAdminAlert_TwoKindsInOneMail_Throws()
    {
        Assert.Throws<ArgumentException>(() => NoticeSamples.Composer().ComposeAdminAlert("root", [Items[0], Reused]));
    }
}
