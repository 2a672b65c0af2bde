using PostTls.Smtp;

namespace PostTls.Tests.Smtp;

public sealed class SmtpParametersTests
{
    [Theory]
    [InlineData("SIZE=1000", "SIZE")]
    [InlineData("BODY=8BITMIME", "8BITMIME")]
    [InlineData("BODY=7BIT", "8BITMIME")]
    [InlineData("SMTPUTF8", "SMTPUTF8")]
    [InlineData("RET=HDRS", "DSN")]
    [InlineData("ret=full", "DSN")]
    [InlineData("ENVID=QQ314159", "DSN")]
    [InlineData("AUTH=<>", "AUTH")]
    [InlineData("MT-PRIORITY=3", "MT-PRIORITY")]
    public void MailExtension_Parameter_NamesItsExtension(string parameter, string extension)
    {
        Assert.Equal(extension, SmtpParameters.MailExtension(parameter));
    }

    [Theory]
    [InlineData("NOTIFY=SUCCESS,DELAY", "DSN")]
    [InlineData("ORCPT=rfc822;a@example.test", "DSN")]
    [InlineData("RRVS=2030-01-01T00:00:00Z", "RRVS")]
    public void RecipientExtension_Parameter_NamesItsExtension(string parameter, string extension)
    {
        Assert.Equal(extension, SmtpParameters.RecipientExtension(parameter));
    }

    [Fact]
    public void Validate_WellFormedEnvelope_Passes()
    {
        SmtpParameters.Validate(new SmtpEnvelope(
            "",
            [new SmtpRecipient("\"a b\"@example.test", ["NOTIFY=SUCCESS,DELAY", "ORCPT=rfc822;a+20b@example.test"]), new SmtpRecipient("jörg@example.test")],
            ["RET=HDRS", "ENVID=x", "BODY=8BITMIME", "SMTPUTF8"]));
    }

    [Theory]
    [InlineData("a@example.com", "b@example.test\r\nRSET", "control characters")]
    [InlineData("a@example.com", "b@example.test\n", "control characters")]
    [InlineData("a@example.com\0", "b@example.test", "control characters")]
    [InlineData("a@example.com", "b@example.test> NOTIFY=NEVER", "angle brackets")]
    [InlineData("<a@example.com>", "b@example.test", "angle brackets")]
    [InlineData("a@example.com", "", "empty recipient")]
    [InlineData("jörg@example.com", "b@example.test", "SMTPUTF8")]
    [InlineData("a@example.com", "ünal@example.test", "SMTPUTF8")]
    public void Validate_BadAddress_IsRefused(string sender, string recipient, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() =>
            SmtpParameters.Validate(new SmtpEnvelope(sender, [new SmtpRecipient(recipient)], [])));

        Assert.Contains(reason, e.Message);
    }

    [Theory]
    [InlineData("RET=", "malformed")]
    [InlineData("=HDRS", "malformed")]
    [InlineData("RET=HDRS FOO", "malformed")]
    [InlineData("RET=HDRS\r\nRSET", "malformed")]
    [InlineData("RET=A=B", "malformed")]
    [InlineData("-X=1", "malformed")]
    [InlineData("B_DY=7BIT", "malformed")]
    [InlineData("", "malformed")]
    [InlineData("BODY=BINARYMIME", "BDAT")]
    public void Validate_BadMailParameter_IsRefused(string parameter, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() =>
            SmtpParameters.Validate(new SmtpEnvelope("a@example.com", [new SmtpRecipient("b@example.test")], [parameter])));

        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Validate_RepeatedParameter_IsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => SmtpParameters.Validate(
            new SmtpEnvelope("a@example.com", [new SmtpRecipient("b@example.test", ["NOTIFY=NEVER", "notify=SUCCESS"])], [])));

        Assert.Contains("RCPT TO:<b@example.test>: parameter notify given twice", e.Message);
    }

    [Fact]
    public void Validate_NoRecipients_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => SmtpParameters.Validate(new SmtpEnvelope("a@example.com", [], [])));
    }
}
