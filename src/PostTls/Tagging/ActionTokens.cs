namespace PostTls.Tagging;

/// <summary>
/// The local part of an action address, e.g. <c>posttls-send-KEY-EXPIRY-MAC</c>: at most 64
/// octets of letters, digits and hyphens. The MAC is HMAC-SHA256 under the secret key over
/// action, message key, expiry and the sender (local part as is, domain in lower case),
/// truncated; it is compared in constant time.
/// </summary>
internal static class ActionTokens
{
    public const string LocalPartPrefix = "posttls-";

    public static string CreateLocalPart(ReadOnlySpan<byte> key, SenderAction action, string messageKey, string sender, DateTimeOffset expires) =>
        throw new NotImplementedException();

    public static TokenStatus Verify(ReadOnlySpan<byte> key, string localPart, string sender, DateTimeOffset now, out ActionToken? token) =>
        throw new NotImplementedException();

    /// <summary>True when the address's local part starts with <see cref="LocalPartPrefix"/> (case-insensitive).</summary>
    public static bool IsActionAddress(string address) => throw new NotImplementedException();
}
