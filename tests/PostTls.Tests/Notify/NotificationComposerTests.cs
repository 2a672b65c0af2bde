using System.Text;
using PostTls.Configuration;
using PostTls.Notify;
using PostTls.Queue;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Notify;

/// <summary>The MIME structure and header of notifications, checked by Python's email package.</summary>
[Collection(ChildProcessCollection.Name)]
public sealed class NotificationComposerTests
{
    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    public void Compose_Notice_IsWellFormedMultipartAlternative(string language)
    {
        var raw = NoticeSamples.Composer(language).Compose(NoticeSamples.Notice());

        MessageAssert.WellFormed(raw);
        MessageAssert.IsNotice(PythonEmail.Parse(raw));
    }

    [Fact]
    public void Compose_Notice_HasTheHeaderFields()
    {
        var message = PythonEmail.Parse(NoticeSamples.Composer().Compose(NoticeSamples.Notice()));

        Assert.Equal(NoticeSamples.From, message.Header("From"));
        Assert.Equal(NoticeSamples.Sender, message.Header("To"));
        Assert.Equal("Mon, 23 Nov 2026 10:05:00 +0000", message.Header("Date"));
        Assert.Matches("^<[a-z2-7]{24}@mail\\.example\\.org>$", message.Header("Message-ID"));
        Assert.Equal(NoticeSamples.OriginalMessageId, message.Header("In-Reply-To"));
        Assert.Equal(NoticeSamples.OriginalMessageId, message.Header("References"));
        Assert.Equal("1.0", message.Header("MIME-Version"));
        Assert.Equal("auto-generated", message.Header("Auto-Submitted"));
        Assert.Equal("notice", message.Header(NotificationComposer.NoticeHeader));
        Assert.Equal("Your message could not be sent encrypted: Quarterly report", message.Subject);
    }

    [Fact]
    public void Compose_RawHeader_ToAndDateFromClock()
    {
        var clock = new ManualClock(new DateTimeOffset(2027, 2, 7, 23, 59, 58, TimeSpan.FromHours(-5)));
        var composer = new NotificationComposer(new NotificationOptions("en", NoticeSamples.From, "mail.example.org", ""), clock);

        var text = Encoding.ASCII.GetString(composer.Compose(NoticeSamples.Notice()));

        Assert.Contains("\r\nTo: alice@example.org\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nDate: Mon, 08 Feb 2027 04:59:58 +0000\r\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NoticeKind.Notice, "notice")]
    [InlineData(NoticeKind.Reminder, "reminder")]
    [InlineData(NoticeKind.DeadlineApplied, "deadline")]
    [InlineData(NoticeKind.NeverInsecureApplied, "never-insecure")]
    internal void Compose_EachKind_NamesItInNoticeHeader(NoticeKind kind, string expected)
    {
        var raw = NoticeSamples.Composer().Compose(NoticeSamples.Notice(kind, reminderNumber: kind == NoticeKind.Reminder ? 1 : 0));
        var message = PythonEmail.Parse(raw);

        MessageAssert.WellFormed(raw);
        MessageAssert.IsNotice(message);
        Assert.Equal(expected, message.Header(NotificationComposer.NoticeHeader));
        Assert.Equal("auto-generated", message.Header("Auto-Submitted"));
    }

    [Fact]
    public void Compose_TwoNotices_HaveDistinctMessageIdsAndBoundaries()
    {
        var composer = NoticeSamples.Composer();
        var first = PythonEmail.Parse(composer.Compose(NoticeSamples.Notice()));
        var second = PythonEmail.Parse(composer.Compose(NoticeSamples.Notice()));

        Assert.NotEqual(first.Header("Message-ID"), second.Header("Message-ID"));
        Assert.NotEqual(first.Header("Content-Type"), second.Header("Content-Type"));
    }

    [Theory]
    [InlineData("Grüße – Angebot 🚀")]
    [InlineData("Ünïcödé only")]
    [InlineData("=?utf-8?q?not_an_encoded_word?= really")]
    [InlineData("日本語の件名とても長い件名がここに続きます。日本語の件名とても長い件名がここに続きます。")]
    [InlineData("A very long subject line that goes on and on with plain ASCII words well beyond the seventy-eight octets a header line should have")]
    [InlineData("Averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongword")]
    [InlineData("100% sure? (yes) [no] \"quoted\" a_b =x _")]
    public void Compose_NonAsciiOrLongSubject_RoundTrips(string subject)
    {
        var raw = NoticeSamples.Composer().Compose(NoticeSamples.Notice(subject: subject));
        var message = PythonEmail.Parse(raw);

        MessageAssert.WellFormed(raw);
        Assert.Equal($"Your message could not be sent encrypted: {subject}", message.Subject);
        MessageAssert.BothPartsSay(message, subject);
    }

    [Fact]
    public void Compose_GermanSubject_RoundTrips()
    {
        var message = PythonEmail.Parse(NoticeSamples.Composer("de").Compose(NoticeSamples.Notice(subject: "Grüße – Angebot 🚀")));

        Assert.Equal("Ihre Nachricht konnte nicht verschlüsselt versendet werden: Grüße – Angebot 🚀", message.Subject);
    }

    [Fact]
    public void Compose_SubjectWithLineBreaks_CannotAddHeaderFields()
    {
        var raw = NoticeSamples.Composer().Compose(NoticeSamples.Notice(subject: "hello\r\nBcc: victim@example.com\n\nbody"));
        var message = PythonEmail.Parse(raw);

        MessageAssert.WellFormed(raw);
        Assert.Null(message.Header("Bcc"));
        Assert.Equal("Your message could not be sent encrypted: hello??Bcc: victim@example.com??body", message.Subject);
    }

    [Fact]
    public void Compose_EmptySubject_SaysNoSubject()
    {
        var message = PythonEmail.Parse(NoticeSamples.Composer().Compose(NoticeSamples.Notice(subject: "")));

        Assert.Equal("Your message could not be sent encrypted: (no subject)", message.Subject);
    }

    [Fact]
    public void Compose_ScriptInSubjectAndServerReply_IsEscapedInHtml()
    {
        var recipients = new[] { NoticeSamples.Recipient(FailureClass.StartTlsRefused, reply: "454 <b>no</b> & \"never\"") };
        var raw = NoticeSamples.Composer().Compose(NoticeSamples.Notice(subject: "<script>alert('x')</script>", recipients: recipients));
        var message = PythonEmail.Parse(raw);

        var html = message.Parts[1].Content;
        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("454 &lt;b&gt;no&lt;/b&gt; &amp; &quot;never&quot;", html, StringComparison.Ordinal);
        MessageAssert.BothPartsSay(message, "<script>alert('x')</script>");
        MessageAssert.BothPartsSay(message, "(it said: 454 <b>no</b> & \"never\")");
    }

    [Fact]
    public void Compose_AddressWithMarkup_IsEscapedInHtml()
    {
        var recipients = new[] { NoticeSamples.Recipient(FailureClass.NotOffered, address: "\"<img src=x>\"@example.net") };
        var message = PythonEmail.Parse(NoticeSamples.Composer().Compose(NoticeSamples.Notice(recipients: recipients)));

        Assert.DoesNotContain("<img", message.Parts[1].Content, StringComparison.Ordinal);
        MessageAssert.BothPartsSay(message, "\"<img src=x>\"@example.net: the receiving server does not support encryption.");
    }

    [Fact]
    public void Compose_UnknownMessageId_LeavesOutThreadingFields()
    {
        var message = PythonEmail.Parse(NoticeSamples.Composer().Compose(NoticeSamples.Notice(messageId: null)));

        Assert.Null(message.Header("In-Reply-To"));
        Assert.Null(message.Header("References"));
    }

    [Theory]
    [InlineData("abc@example.org", "<abc@example.org>")]
    [InlineData("  <abc@example.org>  ", "<abc@example.org>")]
    [InlineData("<a b@example.org>", null)]
    [InlineData("<abc@example.org>\r\nBcc: x@example.com", null)]
    [InlineData("<", null)]
    [InlineData("<>", null)]
    [InlineData("<abc@exämple.org>", null)]
    public void Compose_MessageId_IsUsedOnlyWhenSafe(string messageId, string? expected)
    {
        var raw = NoticeSamples.Composer().Compose(NoticeSamples.Notice(messageId: messageId));
        var message = PythonEmail.Parse(raw);

        MessageAssert.WellFormed(raw);
        Assert.Equal(expected, message.Header("In-Reply-To"));
        Assert.Null(message.Header("Bcc"));
    }

    [Fact]
    public void Compose_LongMessageId_IsWrittenWhole()
    {
        var id = "<AM0PR07MB1234567890ABCDEF1234567890ABCDEF@AM0PR07MB1234.eurprd07.prod.outlook.com>";
        var raw = NoticeSamples.Composer().Compose(NoticeSamples.Notice(messageId: id));

        MessageAssert.WellFormed(raw, maxHeaderLine: 998);
        Assert.Contains("\r\nReferences: " + id + "\r\n", Encoding.ASCII.GetString(raw), StringComparison.Ordinal);
        Assert.Equal(id, PythonEmail.Parse(raw).Header("References"));
    }

    [Fact]
    public void Compose_NonAsciiDisplayName_IsEncoded()
    {
        var options = new NotificationOptions("de", "Mailsystem Müller & Söhne <postmaster@example.org>", "example.org", "");
        var raw = new NotificationComposer(options, new ManualClock(NoticeSamples.Now)).Compose(NoticeSamples.Notice());

        MessageAssert.WellFormed(raw);
        Assert.Equal("Mailsystem Müller & Söhne <postmaster@example.org>", PythonEmail.Parse(raw).Header("From"));
    }

    [Fact]
    public void Compose_BadMessageIdDomain_UsesPlaceholderDomain()
    {
        var options = new NotificationOptions("en", NoticeSamples.From, "bad domain>", "");
        var message = PythonEmail.Parse(new NotificationComposer(options, new ManualClock(NoticeSamples.Now)).Compose(NoticeSamples.Notice()));

        Assert.EndsWith("@posttls.invalid>", message.Header("Message-ID"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a>b@example.org")]
    [InlineData("alice@example.org\r\nBcc: x@example.com")]
    [InlineData("<alice@example.org>")]
    public void Compose_NoUsableRecipientAddress_Throws(string to)
    {
        var notice = NoticeSamples.Notice() with { To = to };

        Assert.Throws<ArgumentException>(() => NoticeSamples.Composer().Compose(notice));
    }

    /// <summary>
    /// The sender as postcat prints it (internal form): a space or UTF-8 in the local part is a
    /// real address. Today's code refused the space after recording the notice, so that sender
    /// never heard anything.
    /// </summary>
    [Theory]
    [InlineData("john doe@example.org", "\"john doe\"@example.org")]
    [InlineData("a\"b@example.org", "\"a\\\"b\"@example.org")]
    [InlineData("jörg.müller@example.org", "jörg.müller@example.org")]
    public void Compose_SenderNeedingQuotesOrUtf8_ToHeaderIsTheQuotedForm(string to, string header)
    {
        var raw = NoticeSamples.Composer().Compose(NoticeSamples.Notice() with { To = to });

        if (System.Text.Ascii.IsValid(to))
        {
            MessageAssert.WellFormed(raw); // a UTF-8 address stays UTF-8 in To: (RFC 6532); it needs SMTPUTF8 anyway
        }

        Assert.Contains($"\r\nTo: {header}\r\n", System.Text.Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
    }

    [Fact]
    public void ComposeConfirmation_SenderWithASpace_IsWritten()
    {
        var raw = NoticeSamples.Composer().ComposeConfirmation(new Confirmation(ConfirmationOutcome.NotCarriedOut, "john doe@example.org",
            "Report", null, [], [], "our mail server refused the copy (554 5.7.1 Access denied)"));

        MessageAssert.WellFormed(raw);
        var text = System.Text.Encoding.UTF8.GetString(raw).Replace("=\r\n", "", StringComparison.Ordinal);
        Assert.Contains("To: \"john doe\"@example.org", text, StringComparison.Ordinal);
        Assert.Contains("could not be carried out: our mail server refused the copy (554 5.7.1 Access denied).", text, StringComparison.Ordinal);
        Assert.Contains("You can decide again later", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_UnknownLanguage_FallsBackToEnglish()
    {
        var message = PythonEmail.Parse(NoticeSamples.Composer("fr").Compose(NoticeSamples.Notice()));

        Assert.StartsWith("Your message could not be sent encrypted", message.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_ManyRecipientsAndLongReplies_StaysWithinLineLimits()
    {
        var recipients = Enumerable.Range(0, 50)
            .Select(i => NoticeSamples.Recipient(FailureClass.StartTlsRefused, $"user{i}@very-long-domain-name-number-{i}.example.net", new string('x', 300)))
            .ToList();
        var raw = NoticeSamples.Composer().Compose(NoticeSamples.Notice(recipients: recipients, defaultAction: PolicyAction.Delete));

        MessageAssert.WellFormed(raw);
        MessageAssert.IsNotice(PythonEmail.Parse(raw));
    }
}
