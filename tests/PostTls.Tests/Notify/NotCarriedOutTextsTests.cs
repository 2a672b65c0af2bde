using PostTls.Notify;
using PostTls.Notify.Texts;

namespace PostTls.Tests.Notify;

/// <summary>The confirmation for a decision that could not be carried out: what happened, in plain words, and what now.</summary>
public sealed class NotCarriedOutTextsTests
{
    [Theory]
    [InlineData("en", "Could not be carried out: Report", "could not be carried out: our mail server refused the copy", "You can decide again later")]
    [InlineData("de", "Nicht ausgeführt: Report", "konnte nicht ausgeführt werden: our mail server refused the copy", "Sie können später erneut entscheiden")]
    public void For_NothingSent_SaysWhyAndThatTheSenderMayDecideAgain(string language, string subject, string why, string again)
    {
        var (title, paragraphs) = ConfirmationTexts.For(Confirmation([]), language);

        Assert.Equal(subject, title);
        var text = string.Join("\n\n", paragraphs);
        Assert.Contains(why, text, StringComparison.Ordinal);
        Assert.Contains(again, text, StringComparison.Ordinal);
    }

    [Fact]
    public void For_PartlySent_NamesWhoGotItAndOffersNothingMore()
    {
        var (_, paragraphs) = ConfirmationTexts.For(Confirmation(["anna@partner.example"]), "en");

        var text = string.Join("\n\n", paragraphs);
        Assert.Contains("Before that, it was sent without encryption to:\n  - anna@partner.example", text, StringComparison.Ordinal);
        Assert.DoesNotContain("decide again", text, StringComparison.Ordinal);
        Assert.Contains("Your mail administrator has been told.", text, StringComparison.Ordinal);
    }

    private static Confirmation Confirmation(IReadOnlyList<string> released) =>
        new(ConfirmationOutcome.NotCarriedOut, "alice@posttls.test", "Report", null, released, [], "our mail server refused the copy (554 5.7.1 Access denied)");
}
