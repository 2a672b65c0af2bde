namespace PostTls.Run;

/// <summary>
/// This decision can never be carried out as the message stands (an address no SMTP command
/// line may carry, a header too large to examine): trying again would change nothing. The
/// message is written for the sender, in plain words.
/// </summary>
internal sealed class DecisionRefusedException(string reason) : Exception(reason);
