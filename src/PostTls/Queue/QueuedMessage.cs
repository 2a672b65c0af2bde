namespace PostTls.Queue;

/// <summary>One recipient of a <c>postqueue -j</c> line, its address in internal (unquoted) form.</summary>
/// <param name="DelayReason">Empty when Postfix has not tried it yet.</param>
internal sealed record QueuedRecipient(string Address, string DelayReason);

/// <summary>
/// One line of <c>postqueue -j</c>. The null sender is shown there as "MAILER-DAEMON"; the
/// envelope (postcat) is the authority on the sender.
/// </summary>
internal sealed record QueuedMessage(
    string QueueName,
    string QueueId,
    long ArrivalTime,
    long MessageSize,
    string Sender,
    IReadOnlyList<QueuedRecipient> Recipients);
