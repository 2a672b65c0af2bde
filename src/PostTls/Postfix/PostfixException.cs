namespace PostTls.Postfix;

/// <summary>A Postfix command could not be run or failed; the message says which and why.</summary>
internal sealed class PostfixException(string message) : Exception(message);
