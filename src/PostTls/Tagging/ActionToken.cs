namespace PostTls.Tagging;

/// <summary>What an action address is for.</summary>
internal enum TokenPurpose
{
    /// <summary>A decision on one message: send (<see cref="SenderAction.Release"/>) or delete.</summary>
    Decision,

    /// <summary>Send this message without encryption, and do the same for further messages to one recipient domain (<see cref="ActionToken.DomainDigest"/>).</summary>
    Remember,

    /// <summary>End a remembered choice (<see cref="ActionToken.MessageKey"/> is the choice's key).</summary>
    Forget,
}

/// <summary>What a verified action address says.</summary>
/// <param name="MessageKey">The 16-character key of the message (its tag's id part); for <see cref="TokenPurpose.Forget"/>, the choice's key.</param>
/// <param name="DomainDigest">For <see cref="TokenPurpose.Remember"/>: names the recipient domain among the message's (<see cref="ActionTokens.DomainDigest"/>).</param>
internal sealed record ActionToken(SenderAction Action, string MessageKey, DateTimeOffset Expires,
    TokenPurpose Purpose = TokenPurpose.Decision, string? DomainDigest = null);
