namespace PostTls.Queue;

/// <summary>
/// One message from batched <c>postcat -q -e -h ID…</c> output: the envelope records in order
/// and the (unfolded) header fields in order.
/// </summary>
/// <param name="QueueId">From the "*** ENVELOPE RECORDS queue/X/ID ***" line.</param>
/// <param name="Sender">The <c>sender:</c> record; empty for the null sender.</param>
/// <param name="PendingRecipients">Every <c>recipient:</c> record (not yet delivered).</param>
/// <param name="DoneRecipients">Every <c>done_recipient:</c> record.</param>
/// <param name="Envelope">All envelope records as (name, value), e.g. ("named_attribute", "dsn_orig_rcpt=rfc822;x@y").</param>
/// <param name="Headers">Header fields as (name, unfolded raw value with leading blanks trimmed), in order.</param>
/// <param name="QueueName">The queue the file was in when postcat read it ("deferred", "hold", …), from the framing path.</param>
internal sealed record MessageDetails(
    string QueueId,
    string Sender,
    IReadOnlyList<string> PendingRecipients,
    IReadOnlyList<string> DoneRecipients,
    IReadOnlyList<KeyValuePair<string, string>> Envelope,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string QueueName = "")
{
    /// <summary>The value of the first header field named <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
