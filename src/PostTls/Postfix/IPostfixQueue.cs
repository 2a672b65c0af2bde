namespace PostTls.Postfix;

/// <summary>
/// The Postfix commands the root-run sweep uses, on the configured instance. An interface so
/// tests can count and fault them; <see cref="PostfixQueue"/> is the real one.
/// </summary>
internal interface IPostfixQueue
{
    /// <summary>The lines of <c>postqueue -j</c>.</summary>
    /// <exception cref="PostfixException">postqueue failed: the listing is incomplete and must not be acted on.</exception>
    IReadOnlyList<string> ListQueue();

    /// <summary>
    /// <c>postcat -q -e -h ID…</c> in one run. postcat stops at the first ID that no longer
    /// exists: the output then holds the messages before it.
    /// </summary>
    CommandResult Postcat(IReadOnlyList<string> queueIds);

    /// <summary><c>postsuper OPTION ID</c>, e.g. -h, -H, -d, -f.</summary>
    CommandResult Postsuper(string option, string queueId);

    /// <summary><c>postqueue -i ID</c>: try to deliver now (makes a forced expiry take effect at once).</summary>
    CommandResult DeliverNow(string queueId);

    /// <summary><c>sendmail -i -f SENDER -- RECIPIENT</c> with <paramref name="message"/> on stdin.</summary>
    CommandResult Sendmail(string envelopeSender, string recipient, byte[] message);
}
