namespace PostTls.Smtp;

/// <summary>
/// A submission failed. The message names the endpoint, the command (never message content)
/// and the server's reply, e.g.
/// <c>unix:/var/spool/postfix/private/posttls-release: RCPT TO:&lt;b@example.com&gt; rejected: 550 5.1.1 User unknown</c>.
/// </summary>
internal sealed class SmtpException(
    SmtpFailure failure,
    string command,
    SmtpReply? reply,
    bool isTransient,
    string message,
    Exception? innerException = null) : Exception(message, innerException)
{
    public SmtpFailure Failure { get; } = failure;

    /// <summary>The command that failed, e.g. <c>RCPT TO:&lt;b@example.com&gt; NOTIFY=NEVER</c>, or <c>connect</c>, <c>greeting</c>, <c>end of data</c>.</summary>
    public string Command { get; } = command;

    /// <summary>The server's reply when there was one.</summary>
    public SmtpReply? Reply { get; } = reply;

    /// <summary>Trying again later may succeed: a 4xx reply, a lost connection, a timeout.</summary>
    public bool IsTransient { get; } = isTransient;

    /// <summary>
    /// The whole message and its final "." were sent but no reply came: the server may have
    /// queued the copy. Submitting again may deliver it twice.
    /// </summary>
    public bool OutcomeUnknown { get; init; }
}
