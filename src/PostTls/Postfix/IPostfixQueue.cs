namespace PostTls.Postfix;

/// <summary>
/// The Postfix commands the root-run sweep and check use, on the configured instance. An interface so
/// tests can count and fault them; <see cref="PostfixQueue"/> is the real one.
/// </summary>
/// <remarks>
/// Disposed when the run ends (<see cref="Run.RunSession"/>, the admin commands): the real one
/// then closes its connection to the notify listener. A long-lived process (the test suite)
/// that left one open per run would use up the listener's processes until each timed out.
/// </remarks>
internal interface IPostfixQueue : IDisposable
{
    /// <summary>Nothing to release, for queues that hold no connection.</summary>
    void IDisposable.Dispose()
    {
    }

    /// <summary>
    /// Starts <c>postqueue -j</c> now, for the next <see cref="ListQueue"/> to read: a sweep
    /// starts it before it opens the database, so both get ready at once. Queues that run no
    /// command do nothing.
    /// </summary>
    void StartListing()
    {
    }

    /// <summary>
    /// The output of <c>postqueue -j</c>, handed to <paramref name="output"/> as it arrives, in
    /// pieces of any size (a line may be split between two), so it is never held whole.
    /// </summary>
    /// <exception cref="PostfixException">postqueue failed (after some pieces, perhaps): the listing is incomplete and must not be acted on.</exception>
    void ListQueue(Action<ReadOnlySpan<byte>> output);

    /// <summary>
    /// <c>postcat -q -e -h ID…</c> in one run. postcat stops at the first ID that no longer
    /// exists: the output then holds the messages before it.
    /// </summary>
    CommandResult Postcat(IReadOnlyList<string> queueIds);

    /// <summary><c>postsuper OPTION ID</c>, e.g. -h, -H, -d, -f.</summary>
    CommandResult Postsuper(string option, string queueId);

    /// <summary>
    /// <c>postsuper OPTION ID1 OPTION ID2 …</c>: one run for many messages (postsuper takes each
    /// option many times). An ID that is gone is passed over, as with one ID.
    /// </summary>
    CommandResult Postsuper(string option, IReadOnlyList<string> queueIds);

    /// <summary><c>postqueue -i ID</c>: try to deliver now (makes a forced expiry take effect at once).</summary>
    CommandResult DeliverNow(string queueId);

    /// <summary>
    /// The message content as Postfix stores it (<c>postcat -q -bh ID</c>), byte for byte,
    /// including lines Postfix stored in several records; null when it cannot be read.
    /// </summary>
    byte[]? Content(string queueId);

    /// <summary>Postfix parameters of the instance (<c>postconf -h NAME…</c>), by name.</summary>
    IReadOnlyDictionary<string, string> Parameters(params string[] names);

    /// <summary>The services of master.cf (<c>postconf -M</c>).</summary>
    /// <exception cref="PostfixException">postconf failed.</exception>
    IReadOnlyList<MasterService> MasterServices();

    /// <summary>The <c>-o</c> parameters of every master.cf service, <c>$name</c> expanded (<c>postconf -P -x</c>).</summary>
    /// <exception cref="PostfixException">postconf failed.</exception>
    IReadOnlyList<ServiceParameter> ServiceParameters();

    /// <summary>Looks up many keys in one lookup table (<c>postmap -q - MAP</c>); only found keys are returned.</summary>
    IReadOnlyDictionary<string, string> Lookup(string map, IReadOnlyList<string> keys);

    /// <summary><c>sendmail -i -f SENDER -- RECIPIENT</c> with <paramref name="message"/> on stdin.</summary>
    CommandResult Sendmail(string envelopeSender, string recipient, byte[] message);
}
