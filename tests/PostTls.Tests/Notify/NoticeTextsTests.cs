using PostTls.Configuration;
using PostTls.Notify.Texts;
using PostTls.Queue;

namespace PostTls.Tests.Notify;

public sealed class NoticeTextsTests
{
    [Theory]
    [InlineData("en", 2026, 11, 23, "Monday, 23 November 2026, 14:00 UTC")]
    [InlineData("en", 2027, 3, 7, "Sunday, 7 March 2027, 14:00 UTC")]
    [InlineData("de", 2026, 11, 23, "Montag, 23. November 2026, 14:00 UTC")]
    [InlineData("de", 2027, 3, 7, "Sonntag, 7. März 2027, 14:00 UTC")]
    [InlineData("de", 2027, 1, 2, "Samstag, 2. Januar 2027, 14:00 UTC")]
    public void FormatDate_NamesDayAndMonthInTheLanguage(string language, int year, int month, int day, string expected)
    {
        Assert.Equal(expected, NoticeTexts.For(language).FormatDate(new DateTimeOffset(year, month, day, 14, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("en", "Monday, 23 November 2026, 09:12 UTC+01:00", 1)]
    [InlineData("de", "Montag, 23. November 2026, 03:12 UTC-05:00", -5)]
    [InlineData("de", "Montag, 23. November 2026, 13:42 UTC+05:30", 5.5)]
    public void FormatDate_OtherOffset_IsShownAsItIs(string language, string expected, double hours)
    {
        var time = new DateTimeOffset(2026, 11, 23, 8, 12, 0, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(hours));

        Assert.Equal(expected, NoticeTexts.For(language).FormatDate(time));
    }

    [Fact]
    public void GermanTexts_EveryDayAndMonth_HasItsName()
    {
        var texts = NoticeTexts.For("de");
        var days = Enumerable.Range(0, 7).Select(i => texts.FormatDate(new DateTimeOffset(2026, 11, 22 + i, 0, 0, 0, TimeSpan.Zero)).Split(',')[0]);
        var months = Enumerable.Range(1, 12).Select(m => texts.FormatDate(new DateTimeOffset(2026, m, 1, 0, 0, 0, TimeSpan.Zero)).Split(' ')[2]);

        Assert.Equal(["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"], days);
        Assert.Equal(["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"], months);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    [InlineData("DE")]
    public void For_KnownLanguage_GivesIt(string language)
    {
        Assert.Equal(language.ToLowerInvariant(), NoticeTexts.For(language).Language);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    public void EveryTextForEveryCase_IsOneCleanLine(string language)
    {
        var texts = NoticeTexts.For(language);
        var all = new List<string>
        {
            texts.NoSubject, texts.NoticeSubject("s"), texts.ReminderSubject(1, "s"), texts.NoticeIntro, texts.ReminderIntro,
            texts.SubjectLabel, texts.DateLabel, texts.RecipientsIntro, texts.NeverInsecureNote, texts.WithoutEncryptionExplained,
            texts.ChoicePrompt, texts.ReleaseLabel, texts.ReleaseInstruction, texts.DeleteLabel, texts.DeleteInstruction,
            texts.ReleaseOnlyForOthers, texts.NoReleaseNeverInsecure, texts.NoReleaseOffered, texts.DeadlineIntro("d"),
            texts.NeverInsecureIntro, texts.StillNeeded, texts.Footer, texts.AdminSubject(1), texts.AdminSubject(2), texts.AdminIntro,
            texts.QueueIdLabel, texts.SenderLabel, texts.RecipientLabel, texts.ReasonLabel, texts.AdminChecksIntro, texts.AdminRetry,
        };
        all.AddRange(texts.AdminChecks);
        foreach (var failure in Enum.GetValues<FailureClass>())
        {
            all.Add(texts.Reason(failure, "reply"));
            all.Add(texts.Reason(failure, null));
        }

        foreach (var action in Enum.GetValues<PolicyAction>())
        {
            all.AddRange([texts.AppliedSubject(action, "s"), texts.IfNothing(action, "d"), texts.ActionDone(action), texts.ActionPhrase(action)]);
        }

        Assert.All(all, text =>
        {
            Assert.False(string.IsNullOrWhiteSpace(text));
            Assert.Equal(text.Trim(), text);
            Assert.DoesNotContain(text, char.IsControl);
        });
        Assert.EndsWith(":", texts.ReleaseInstruction, StringComparison.Ordinal);
        Assert.EndsWith(":", texts.DeleteInstruction, StringComparison.Ordinal);
    }
}
