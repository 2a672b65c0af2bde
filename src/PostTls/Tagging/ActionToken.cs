namespace PostTls.Tagging;

/// <summary>What a verified action address says.</summary>
/// <param name="MessageKey">The 16-character key of the message (its tag's id part).</param>
internal sealed record ActionToken(SenderAction Action, string MessageKey, DateTimeOffset Expires);
