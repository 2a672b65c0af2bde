namespace PostTls.Postfix;

/// <summary>A Postfix command could not be run or failed; the message says which and why.</summary>
internal sealed class PostfixException(string message) : Exception(message)
{
    /// <summary>The command hung and was killed at postfix_command_time_limit: the environment's trouble, worth a warning.</summary>
    public bool TimedOut { get; init; }
}
