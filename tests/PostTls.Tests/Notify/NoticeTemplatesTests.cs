using PostTls.Configuration;
using PostTls.Notify;
using PostTls.Notify.Templates;
using PostTls.Queue;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Notify;

/// <summary>template_directory: site texts replace the built-in ones; any problem falls back to them with a warning.</summary>
[Collection(ChildProcessCollection.Name)]
public sealed class NoticeTemplatesTests : IDisposable
{
    private const string Text =
        "Subject: Action needed: {{subject}}\n\nHello {{sender}},\n\n{{ recipients }}\n\nSent {{date}}; on {{deadline}} it will be {{default_action}}.\n\nSend: {{release_address}}\nDelete: {{delete_address}}\n";

    private const string Html =
        "<p>Hello {{sender}}: {{subject}}</p>\n{{recipients}}\n<a href=\"mailto:{{release_address}}\">send</a> <a href=\"mailto:{{delete_address}}\">delete</a>\n";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Compose_TextAndHtmlTemplates_AreUsed()
    {
        _directory.WriteFile("notice.en.txt", Text);
        _directory.WriteFile("notice.en.html", Html);
        var composer = Composer();

        var raw = composer.Compose(NoticeSamples.Notice(subject: "Grüße"));
        var message = PythonEmail.Parse(raw);

        Assert.Empty(composer.Warnings);
        MessageAssert.WellFormed(raw);
        MessageAssert.IsNotice(message);
        Assert.Equal("Action needed: Grüße", message.Subject);
        var text = message.Parts[0].Content.ReplaceLineEndings("\n");
        Assert.StartsWith("Hello alice@example.org,\n\n  - bob@example.net: the receiving server does not support encryption.\n", text, StringComparison.Ordinal);
        Assert.Contains("Sent Monday, 23 November 2026, 09:12 UTC+01:00; on Monday, 23 November 2026, 14:00 UTC it will be returned to you.", text, StringComparison.Ordinal);
        Assert.Contains($"Send: {NoticeSamples.ReleaseAddress}\nDelete: {NoticeSamples.DeleteAddress}\n", text, StringComparison.Ordinal);
        Assert.Equal("Hello alice@example.org: Grüße bob@example.net: the receiving server does not support encryption. send delete", message.Parts[1].Text);
        Assert.Equal([$"mailto:{NoticeSamples.ReleaseAddress}", $"mailto:{NoticeSamples.DeleteAddress}"], message.Parts[1].Hrefs);
    }

    [Fact]
    public void Compose_HtmlTemplate_EscapesValuesButNotTheRecipientList()
    {
        _directory.WriteFile("notice.en.html", Html);
        var recipients = new[] { NoticeSamples.Recipient(FailureClass.StartTlsRefused, reply: "<i>no</i>") };

        var message = PythonEmail.Parse(Composer().Compose(NoticeSamples.Notice(subject: "<script>x</script>", recipients: recipients)));

        var html = message.Parts[1].Content;
        Assert.Contains("Hello alice@example.org: &lt;script&gt;x&lt;/script&gt;</p>", html, StringComparison.Ordinal);
        Assert.Contains("<li style=\"margin:0 0 8px\"><strong>bob@example.net</strong>: the receiving server refused to start encryption (it said: &lt;i&gt;no&lt;/i&gt;).</li>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_HtmlTemplateOnly_KeepsBuiltInTextPartAndSubject()
    {
        _directory.WriteFile("notice.en.html", Html);

        var message = PythonEmail.Parse(Composer().Compose(NoticeSamples.Notice()));

        Assert.Equal("Your message could not be sent encrypted: Quarterly report", message.Subject);
        Assert.Contains("To delete it, send an empty mail to:", MessageAssert.Collapse(message.Parts[0].Content), StringComparison.Ordinal);
        Assert.StartsWith("Hello alice@example.org: Quarterly report", message.Parts[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_TextTemplateOnly_MakesTheHtmlPartFromIt()
    {
        _directory.WriteFile("notice.en.txt", Text);
        var composer = Composer();

        var message = PythonEmail.Parse(composer.Compose(NoticeSamples.Notice(subject: "a < b")));

        Assert.Empty(composer.Warnings);
        Assert.Equal("Action needed: a < b", message.Subject);
        MessageAssert.BothPartsSay(message, "Hello alice@example.org,");
        MessageAssert.BothPartsSay(message, $"Send: {NoticeSamples.ReleaseAddress} Delete: {NoticeSamples.DeleteAddress}");
        Assert.Equal([$"mailto:{NoticeSamples.ReleaseAddress}", $"mailto:{NoticeSamples.DeleteAddress}"], message.Parts[1].Hrefs);
        Assert.Contains("a &lt; b", message.Parts[1].Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_TextTemplateWithoutSubjectLine_KeepsBuiltInSubject()
    {
        _directory.WriteFile("notice.en.txt", "Hello {{sender}}.\r\nMail {{delete_address}} to delete it.\r\n");

        var raw = Composer().Compose(NoticeSamples.Notice());
        var message = PythonEmail.Parse(raw);

        MessageAssert.WellFormed(raw);
        Assert.Equal("Your message could not be sent encrypted: Quarterly report", message.Subject);
        Assert.Equal($"Hello alice@example.org.\r\nMail {NoticeSamples.DeleteAddress} to delete it.\r\n", message.Parts[0].Content);
    }

    [Theory]
    [InlineData("Hello {{name}}", "unknown placeholder {{name}}")]
    [InlineData("Hello {{Subject}}", "unknown placeholder {{Subject}}")]
    [InlineData("Hello {{subject}", "\"{{\" without \"}}\"")]
    [InlineData("Subject: {{nope}}\n\nHello", "unknown placeholder {{nope}}")]
    public void Compose_BrokenTemplate_FallsBackToBuiltInWithWarning(string template, string problem)
    {
        var path = _directory.WriteFile("notice.en.txt", template);
        _directory.WriteFile("notice.en.html", Html);
        var composer = Composer();

        var message = PythonEmail.Parse(composer.Compose(NoticeSamples.Notice()));

        AssertBuiltIn(message);
        var warning = Assert.Single(composer.Warnings);
        Assert.Contains(path, warning, StringComparison.Ordinal);
        Assert.Contains(problem, warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_UnknownPlaceholderInHtml_FallsBackToBuiltInWithWarning()
    {
        _directory.WriteFile("notice.en.txt", Text);
        var path = _directory.WriteFile("notice.en.html", "<p>{{ releaseaddress }}</p>");
        var composer = Composer();

        AssertBuiltIn(PythonEmail.Parse(composer.Compose(NoticeSamples.Notice())));
        Assert.Equal($"cannot use template {path}: unknown placeholder {{{{releaseaddress}}}}; using the built-in texts", Assert.Single(composer.Warnings));
    }

    [Fact]
    public void Compose_MissingDirectory_FallsBackToBuiltInWithWarning()
    {
        var missing = _directory.File("nope");
        var composer = NoticeSamples.Composer(templateDirectory: missing);

        AssertBuiltIn(PythonEmail.Parse(composer.Compose(NoticeSamples.Notice())));
        Assert.Equal($"template_directory {missing} does not exist or cannot be read; using the built-in texts", Assert.Single(composer.Warnings));
    }

    [Fact]
    public void Compose_UnreadableTemplate_FallsBackToBuiltInWithWarning()
    {
        // A directory in the file's place cannot be read, even by root.
        Directory.CreateDirectory(_directory.File("notice.en.txt"));
        var composer = Composer();

        AssertBuiltIn(PythonEmail.Parse(composer.Compose(NoticeSamples.Notice())));
        Assert.StartsWith($"cannot use template {_directory.File("notice.en.txt")}: ", Assert.Single(composer.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_TemplateNotUtf8_FallsBackToBuiltInWithWarning()
    {
        _directory.WriteFile("notice.en.txt", [0x47, 0x72, 0xFC, 0x65, 0x0A]);
        var composer = Composer();

        AssertBuiltIn(PythonEmail.Parse(composer.Compose(NoticeSamples.Notice())));
        Assert.Contains("it is not valid UTF-8", Assert.Single(composer.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_HugeTemplate_FallsBackToBuiltInWithWarning()
    {
        _directory.WriteFile("notice.en.txt", new string('x', TemplateFiles.MaxFileBytes + 1));
        var composer = Composer();

        AssertBuiltIn(PythonEmail.Parse(composer.Compose(NoticeSamples.Notice())));
        Assert.Contains("is larger than", Assert.Single(composer.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_WarningsOfEarlierCompose_AreCleared()
    {
        _directory.WriteFile("notice.en.txt", "{{oops}}");
        var composer = Composer();
        composer.Compose(NoticeSamples.Notice());

        composer.Compose(NoticeSamples.Notice(NoticeKind.Reminder, reminderNumber: 1));

        Assert.Empty(composer.Warnings);
    }

    [Fact]
    public void Compose_TemplateForOtherKindOrLanguage_IsNotUsed()
    {
        _directory.WriteFile("reminder.en.txt", Text);
        _directory.WriteFile("notice.de.txt", Text);
        var composer = Composer();

        AssertBuiltIn(PythonEmail.Parse(composer.Compose(NoticeSamples.Notice())));
        Assert.Empty(composer.Warnings);
    }

    [Fact]
    public void Compose_TemplateUsingReleaseAddress_WithoutOne_UsesBuiltInSilently()
    {
        _directory.WriteFile("notice.en.txt", Text);
        var composer = Composer();

        var message = PythonEmail.Parse(composer.Compose(NoticeSamples.Notice(releaseAddress: null)));

        Assert.Empty(composer.Warnings);
        MessageAssert.BothPartsSay(message, "Sending it without encryption is not offered for this message.");
    }

    [Theory]
    [InlineData("reminder", NoticeKind.Reminder, "Reminder {{reminder_number}} about {{subject}}", "Reminder 3 about Quarterly report")]
    [InlineData("deadline", NoticeKind.DeadlineApplied, "It was {{applied_action}}.", "It was deleted.")]
    [InlineData("never-insecure", NoticeKind.NeverInsecureApplied, "It was {{applied_action}}: {{recipients}}", "It was deleted: - bob@example.net:")]
    internal void Compose_EachKind_UsesItsOwnTemplate(string kind, NoticeKind noticeKind, string template, string expected)
    {
        _directory.WriteFile($"{kind}.de.txt", template);
        var composer = NoticeSamples.Composer("de", _directory.Path);
        var notice = NoticeSamples.Notice(noticeKind, reminderNumber: 3, appliedAction: PolicyAction.Delete);

        var message = PythonEmail.Parse(composer.Compose(notice));

        Assert.Empty(composer.Warnings);
        MessageAssert.BothPartsSay(message, expected.Replace("deleted", "gelöscht", StringComparison.Ordinal));
    }

    [Fact]
    public void Compose_GermanTemplate_GetsGermanValues()
    {
        _directory.WriteFile("notice.de.txt", "Frist: {{deadline}}, dann {{default_action}}.");

        var message = PythonEmail.Parse(NoticeSamples.Composer("de", _directory.Path).Compose(NoticeSamples.Notice()));

        MessageAssert.BothPartsSay(message, "Frist: Montag, 23. November 2026, 14:00 UTC, dann an Sie zurückgeschickt.");
    }

    [Fact]
    public void ManPage_DocumentsEveryPlaceholder()
    {
        var manual = File.ReadAllText(RepositoryFiles.Path("man", "posttls.conf.5"));

        Assert.All(TemplatePlaceholders.All, name => Assert.Contains($"\n.B {name}\n", manual, StringComparison.Ordinal));
    }

    private NotificationComposer Composer() => NoticeSamples.Composer(templateDirectory: _directory.Path);

    private static void AssertBuiltIn(ParsedMessage message)
    {
        MessageAssert.IsNotice(message);
        Assert.Equal("Your message could not be sent encrypted: Quarterly report", message.Subject);
        MessageAssert.BothPartsSay(message, $"To send it without encryption, send an empty mail to: {NoticeSamples.ReleaseAddress}");
    }
}
