namespace PostTls.Notify;

/// <summary>Something PostTLS could not do for one message, for the administrator's alert.</summary>
/// <param name="Request">What was to be done, e.g. "send without encryption (sender:anna@example.org)".</param>
/// <param name="Problem">What went wrong, in the words of the log line.</param>
/// <param name="Outcome">Where the message stands now, e.g. "taken off hold; Postfix keeps it in the deferred queue".</param>
internal sealed record AdminProblem(string QueueId, string Sender, string Request, string Problem, string Outcome);
