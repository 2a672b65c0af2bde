namespace PostTls.Smtp;

/// <summary>One <c>RCPT TO</c>: the address and its ESMTP parameters, e.g. <c>NOTIFY=SUCCESS,DELAY</c>, <c>ORCPT=rfc822;a@example.com</c>.</summary>
internal sealed record SmtpRecipient(string Address, IReadOnlyList<string> Parameters)
{
    public SmtpRecipient(string address)
        : this(address, [])
    {
    }
}
