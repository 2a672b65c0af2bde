namespace PostTls.Smtp;

/// <summary>
/// The envelope of one submission: the sender (empty for the null sender, sent as
/// <c>MAIL FROM:&lt;&gt;</c>), the recipients, and the <c>MAIL</c> parameters such as
/// <c>RET=HDRS</c>, <c>ENVID=x</c>, <c>BODY=8BITMIME</c>, <c>SMTPUTF8</c>.
/// </summary>
internal sealed record SmtpEnvelope(string Sender, IReadOnlyList<SmtpRecipient> Recipients, IReadOnlyList<string> MailParameters);
