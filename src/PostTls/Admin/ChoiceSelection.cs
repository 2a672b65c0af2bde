using System.Diagnostics.CodeAnalysis;
using PostTls.Addresses;
using PostTls.Cli;
using PostTls.Configuration;
using PostTls.State;
using PostTls.Text;

namespace PostTls.Admin;

/// <summary>
/// Which remembered choices an administrator names: one by its key (as posttls choices list
/// shows it), one by sender and domain, or all of one sender. Checked strictly before the
/// database is opened, as a message's name is (<see cref="MessageReference"/>).
/// </summary>
internal sealed class ChoiceSelection
{
    /// <summary>The length of a choice's key: 10 random bytes in base32.</summary>
    public const int KeyLength = 16;

    private ChoiceSelection(string? key, string? sender, string? domain)
    {
        Key = key;
        Sender = sender;
        Domain = domain;
    }

    public string? Key { get; }

    /// <summary>Canonical, as the choices are stored.</summary>
    public string? Sender { get; }

    /// <summary>Lower case, without a trailing dot.</summary>
    public string? Domain { get; }

    /// <summary>A sender as typed (with or without angle brackets) in the form the choices are stored in.</summary>
    /// <exception cref="Problem">Empty (exit status 64).</exception>
    public static string CanonicalSender(string command, string text)
    {
        var address = text.Trim().Trim('<', '>').Trim();
        return address.Length > 0 && !address.Any(char.IsControl)
            ? EnvelopeAddress.Canonical(address)
            : throw new Problem($"posttls {command}: --sender \"{SafeText.Cut(text, 60)}\" is not an envelope address", ExitCodes.Usage);
    }

    /// <summary>From the KEY argument or the --sender and --domain options of posttls choices revoke.</summary>
    /// <exception cref="Problem">Neither or both forms, --domain alone, or a malformed key, address or domain (exit status 64).</exception>
    public static ChoiceSelection Parse(string command, string? key, string? sender, string? domain)
    {
        if (key is not null && (sender is not null || domain is not null))
        {
            throw new Problem($"posttls {command}: name the choices by KEY or by --sender (and --domain), not both", ExitCodes.Usage);
        }

        if (key is not null)
        {
            return TryKey(key, out var lower)
                ? new ChoiceSelection(lower, null, null)
                : throw new Problem($"posttls {command}: \"{SafeText.Cut(key, 60)}\" is not the {KeyLength}-character key of a remembered choice", ExitCodes.Usage);
        }

        if (sender is null)
        {
            throw new Problem($"posttls {command}: name the choices by KEY, by --sender ADDR or by --sender ADDR --domain DOMAIN", ExitCodes.Usage);
        }

        return new ChoiceSelection(null, CanonicalSender(command, sender), domain is null ? null : ParseDomain(command, domain));
    }

    /// <summary>The choices of <paramref name="store"/> this names, ended ones too, in the order posttls choices list shows them.</summary>
    public IReadOnlyList<RememberedChoice> Find(ChoiceStore store, long now) =>
        Key is not null
            ? store.FindByKey(Key) is { } choice ? [choice] : []
            : store.List(now, all: true, Sender).Where(c => Domain is null || c.Domain == Domain).ToList();

    /// <summary>For messages: "KEY", "of alice@example.org" or "of alice@example.org for partner.example".</summary>
    public override string ToString() =>
        Key ?? $"of {SafeText.Clean(Sender)}{(Domain is null ? "" : " for " + Domain)}";

    private static bool TryKey(string text, [NotNullWhen(true)] out string? key)
    {
        key = text.Trim().ToLowerInvariant();
        return key.Length == KeyLength && Tagging.Base32.IsValid(key);
    }

    private static string ParseDomain(string command, string text)
    {
        var domain = text.Trim().TrimEnd('.').ToLowerInvariant();
        return ListValues.IsDomain(domain)
            ? domain
            : throw new Problem($"posttls {command}: --domain \"{SafeText.Cut(text, 60)}\" is not a domain name (internationalised ones in their xn-- form)", ExitCodes.Usage);
    }
}
