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
/// <para>Two more kinds share the format. <c>posttls-always-KEY-DOMAIN-EXPIRY-MAC</c> (64
/// octets) is "send without encryption, and do the same for further messages to this
/// domain": DOMAIN is <see cref="DomainDigest"/> of one recipient domain of the message (6
/// base32 characters: the domain itself does not fit into 64 octets), and the MAC covers it.
/// <c>posttls-forget-KEY-EXPIRY-MAC</c> ends a remembered choice, whose key is KEY.</para>
/// </summary>
internal static class ActionTokens
{
    public const string LocalPartPrefix = "posttls-";
    public const int MaxLocalPartLength = 64;
    private const int MacBytes = 10;
    private const int PartLength = 16;
    private const string SendWord = "send";
    private const string DeleteWord = "delete";
    private const string AlwaysWord = "always";
    private const string ForgetWord = "forget";
    private const int DomainDigestLength = 6;
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
    public static string CreateLocalPart(ReadOnlySpan<byte> key, SenderAction action, string messageKey, string sender, DateTimeOffset expires) =>
        Create(key, Word(action), messageKey, null, sender, expires);

    private static string Create(ReadOnlySpan<byte> key, string word, string messageKey, string? digest, string sender, DateTimeOffset expires)
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

        var expiry = minutes.ToString(CultureInfo.InvariantCulture);
        var mac = Base32.Encode(Mac(key, word, messageKey, digest, expiry, sender));
        var localPart = $"{LocalPartPrefix}{word}-{messageKey}-{(digest is null ? "" : digest + "-")}{expiry}-{mac}";
        return localPart.Length <= MaxLocalPartLength ? localPart
            : throw new ArgumentOutOfRangeException(nameof(expires), expires, "an expiry this late does not fit into the 64 octets of a local part");
    }

    /// <summary>"Send without encryption, and do the same for further messages to <paramref name="domain"/>": 64 octets.</summary>
    /// <exception cref="ArgumentException">As <see cref="CreateLocalPart"/>.</exception>
    public static string CreateRememberLocalPart(ReadOnlySpan<byte> key, string messageKey, string domain, string sender, DateTimeOffset expires) =>
        Create(key, AlwaysWord, messageKey, DomainDigest(key, domain), sender, expires);

    /// <summary>Ends the remembered choice <paramref name="choiceKey"/> of <paramref name="sender"/>.</summary>
    /// <exception cref="ArgumentException">As <see cref="CreateLocalPart"/>.</exception>
    public static string CreateForgetLocalPart(ReadOnlySpan<byte> key, string choiceKey, string sender, DateTimeOffset expires) =>
        Create(key, ForgetWord, choiceKey, null, sender, expires);

    /// <summary>
    /// Names a recipient domain in an action address: HMAC-SHA256 under the secret key over
    /// "posttls-domain-v1:" and the domain in lower case, 6 base32 characters (30 bits).
    /// Apply finds the domain among the message's own recipient domains; a clash between two
    /// of them (about one in a billion) makes the address refer to neither.
    /// </summary>
    public static string DomainDigest(ReadOnlySpan<byte> key, string domain) =>
        Base32.Encode(HmacSha256.Hash(key, Encoding.UTF8.GetBytes("posttls-domain-v1:" + domain.ToLowerInvariant()))[..4])[..DomainDigestLength];

    /// <summary>
    /// Checks a local part against the envelope sender of the mail that carried it. The MAC is
    /// checked before the expiry, so <see cref="TokenStatus.Expired"/> means genuine but late.
    /// </summary>
    /// <param name="token">What the token says, for <see cref="TokenStatus.Valid"/> and <see cref="TokenStatus.Expired"/> (both proven genuine); null otherwise.</param>
    public static TokenStatus Verify(ReadOnlySpan<byte> key, string localPart, string sender, DateTimeOffset now, out ActionToken? token)
    {
        token = null;
        if (!TryParse(localPart, out var action, out var purpose, out var word, out var messageKey, out var digest, out var expiry, out var minutes, out var mac))
        {
            return TokenStatus.Malformed;
        }

        if (string.IsNullOrEmpty(sender))
        {
            return TokenStatus.Forged;
        }

        var expected = Encoding.ASCII.GetBytes(Base32.Encode(Mac(key, word, messageKey, digest, expiry, sender)));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(mac)))
        {
            return TokenStatus.Forged;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(minutes * 60);
        token = new ActionToken(action, messageKey, expires, purpose, digest);
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
        out TokenPurpose purpose,
        out string word,
        out string messageKey,
        out string? digest,
        out string expiry,
        out long minutes,
        out string mac)
    {
        action = default;
        purpose = TokenPurpose.Decision;
        digest = null;
        word = messageKey = expiry = mac = "";
        minutes = 0;
        if (localPart is null || localPart.Length > MaxLocalPartLength || !IsAsciiLettersDigitsHyphens(localPart))
        {
            return false;
        }

        // ASCII only (checked above), so lower-casing cannot turn a look-alike into a letter.
        var parts = localPart.ToLowerInvariant().Split('-');
        var remember = parts.Length == 6 && parts[1] == AlwaysWord;
        if ((parts.Length != 5 && !remember) || parts[0] + "-" != LocalPartPrefix)
        {
            return false;
        }

        (word, messageKey, expiry, mac) = (parts[1], parts[2], parts[^2], parts[^1]);
        digest = remember ? parts[3] : null;
        (SenderAction, TokenPurpose)? parsed = word switch
        {
            SendWord => (SenderAction.Release, TokenPurpose.Decision),
            DeleteWord => (SenderAction.Delete, TokenPurpose.Decision),
            AlwaysWord when remember => (SenderAction.Release, TokenPurpose.Remember),
            ForgetWord => (SenderAction.Release, TokenPurpose.Forget),
            _ => null,
        };
        if (parsed is null
            || (digest is not null && (digest.Length != DomainDigestLength || !Base32.IsValid(digest)))
            || messageKey.Length != PartLength || !Base32.IsValid(messageKey)
            || mac.Length != PartLength || !Base32.IsValid(mac)
            || !TryParseExpiry(expiry, out minutes))
        {
            return false;
        }

        (action, purpose) = parsed.Value;
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

    private static byte[] Mac(ReadOnlySpan<byte> key, string word, string messageKey, string? digest, string expiry, string sender)
    {
        // The local part may be case-sensitive (RFC 5321); the domain never is. The send and
        // delete MAC input is unchanged by the digest, so addresses already mailed stay valid.
        var text = MacDomain + word + ":" + messageKey + ":" + (digest is null ? "" : digest + ":") + expiry + ":" + Addresses.EnvelopeAddress.Canonical(sender);
        return HmacSha256.Hash(key, Encoding.UTF8.GetBytes(text))[..MacBytes];
    }
}
