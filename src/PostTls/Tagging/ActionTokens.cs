using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PostTls.Tagging;

/// <summary>
/// The local part of an action address: <c>posttls-ACTION-KEY-EXPIRY-MAC</c>, for example
/// <c>posttls-send-aaisem2ekvthpcez-29926920-5vzgkwy3uxr64cti</c> (55 octets; 57 for
/// "delete"). ACTION is <c>send</c> or <c>delete</c>; KEY is the message key (16 lower-case
/// base32 characters); EXPIRY is the expiry in whole minutes since the Unix epoch, in decimal
/// without leading zeros (8 digits until the year 2160), so an administrator can read it in a
/// log; MAC is HMAC-SHA256 under the secret key over
/// <c>"posttls-action-v1:" + ACTION + ":" + KEY + ":" + EXPIRY + ":" + sender</c>, truncated to
/// 80 bits, in lower-case base32 (16 characters). The sender is normalised to its canonical
/// form (<see cref="Addresses.EnvelopeAddress.Canonical"/>: the local part unquoted, as
/// postcat prints it, "@", and the domain in lower case), so pipe(8)'s quoted ${sender} and
/// the queue's unquoted sender bind the same token. Only letters, digits and hyphens, at most 64
/// octets. Some MTAs and mail clients change the case of addresses, so the whole local part
/// is compared case-insensitively.
/// </summary>
internal static class ActionTokens
{
    public const string LocalPartPrefix = "posttls-";
    public const int MaxLocalPartLength = 64;
    private const int MacBytes = 10;
    private const int PartLength = 16;
    private const string SendWord = "send";
    private const string DeleteWord = "delete";
    private const string MacDomain = "posttls-action-v1:";

    // The latest minute DateTimeOffset can hold; anything larger cannot be an expiry of ours.
    private static readonly long MaxExpiryMinutes = DateTimeOffset.MaxValue.ToUnixTimeSeconds() / 60;

    /// <summary>
    /// The local part for <paramref name="action"/> on the message <paramref name="messageKey"/>,
    /// valid for <paramref name="sender"/> until <paramref name="expires"/> (rounded up to the
    /// next whole minute, so a token never expires before the time asked for).
    /// </summary>
    /// <exception cref="ArgumentException">The message key is not 16 lower-case base32 characters, or the sender is empty (the null sender cannot decide anything).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expires"/> is before 1970.</exception>
    public static string CreateLocalPart(ReadOnlySpan<byte> key, SenderAction action, string messageKey, string sender, DateTimeOffset expires)
    {
        if (messageKey is null || messageKey.Length != PartLength || !Base32.IsValid(messageKey))
        {
            throw new ArgumentException("a message key is 16 lower-case base32 characters", nameof(messageKey));
        }

        if (string.IsNullOrEmpty(sender))
        {
            throw new ArgumentException("the null sender cannot be given action addresses", nameof(sender));
        }

        var ticks = expires.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        ArgumentOutOfRangeException.ThrowIfNegative(ticks, nameof(expires));
        var minutes = Math.Min((ticks + TimeSpan.TicksPerMinute - 1) / TimeSpan.TicksPerMinute, MaxExpiryMinutes);

        var word = Word(action);
        var expiry = minutes.ToString(CultureInfo.InvariantCulture);
        var mac = Base32.Encode(Mac(key, word, messageKey, expiry, sender));
        return $"{LocalPartPrefix}{word}-{messageKey}-{expiry}-{mac}";
    }

    /// <summary>
    /// Checks a local part against the envelope sender of the mail that carried it. The MAC is
    /// checked before the expiry, so <see cref="TokenStatus.Expired"/> means genuine but late.
    /// </summary>
    /// <param name="token">What the token says, for <see cref="TokenStatus.Valid"/> and <see cref="TokenStatus.Expired"/> (both proven genuine); null otherwise.</param>
    public static TokenStatus Verify(ReadOnlySpan<byte> key, string localPart, string sender, DateTimeOffset now, out ActionToken? token)
    {
        token = null;
        if (!TryParse(localPart, out var action, out var word, out var messageKey, out var expiry, out var minutes, out var mac))
        {
            return TokenStatus.Malformed;
        }

        if (string.IsNullOrEmpty(sender))
        {
            return TokenStatus.Forged;
        }

        var expected = Encoding.ASCII.GetBytes(Base32.Encode(Mac(key, word, messageKey, expiry, sender)));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(mac)))
        {
            return TokenStatus.Forged;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(minutes * 60);
        token = new ActionToken(action, messageKey, expires);
        return now > expires ? TokenStatus.Expired : TokenStatus.Valid;
    }

    /// <summary>True when the address's local part starts with <see cref="LocalPartPrefix"/> (case-insensitive).</summary>
    public static bool IsActionAddress(string address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return false;
        }

        var at = address.LastIndexOf('@');
        var localPart = at < 0 ? address : address[..at];
        return localPart.StartsWith(LocalPartPrefix, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Strict syntax only; every part comes back in lower case.</summary>
    private static bool TryParse(
        string? localPart,
        out SenderAction action,
        out string word,
        out string messageKey,
        out string expiry,
        out long minutes,
        out string mac)
    {
        action = default;
        word = messageKey = expiry = mac = "";
        minutes = 0;
        if (localPart is null || localPart.Length > MaxLocalPartLength || !IsAsciiLettersDigitsHyphens(localPart))
        {
            return false;
        }

        // ASCII only (checked above), so lower-casing cannot turn a look-alike into a letter.
        var parts = localPart.ToLowerInvariant().Split('-');
        if (parts.Length != 5 || parts[0] + "-" != LocalPartPrefix)
        {
            return false;
        }

        (word, messageKey, expiry, mac) = (parts[1], parts[2], parts[3], parts[4]);
        SenderAction? parsed = word switch
        {
            SendWord => SenderAction.Release,
            DeleteWord => SenderAction.Delete,
            _ => null,
        };
        if (parsed is null
            || messageKey.Length != PartLength || !Base32.IsValid(messageKey)
            || mac.Length != PartLength || !Base32.IsValid(mac)
            || !TryParseExpiry(expiry, out minutes))
        {
            return false;
        }

        action = parsed.Value;
        return true;
    }

    /// <summary>Canonical decimal only: one spelling per value, so the MAC input is unambiguous.</summary>
    private static bool TryParseExpiry(string text, out long minutes)
    {
        minutes = 0;
        if (text.Length is 0 or > 10 || (text.Length > 1 && text[0] == '0') || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        minutes = long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        return minutes <= MaxExpiryMinutes;
    }

    private static bool IsAsciiLettersDigitsHyphens(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static string Word(SenderAction action) => action switch
    {
        SenderAction.Release => SendWord,
        SenderAction.Delete => DeleteWord,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "no such sender action"),
    };

    private static byte[] Mac(ReadOnlySpan<byte> key, string word, string messageKey, string expiry, string sender)
    {
        // The local part may be case-sensitive (RFC 5321); the domain never is.
        var text = MacDomain + word + ":" + messageKey + ":" + expiry + ":" + Addresses.EnvelopeAddress.Canonical(sender);
        return HmacSha256.Hash(key, Encoding.UTF8.GetBytes(text))[..MacBytes];
    }
}
