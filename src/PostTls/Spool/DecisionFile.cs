using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using PostTls.Tagging;

namespace PostTls.Spool;

/// <summary>
/// A sender's verified decision, as <c>decide</c> drops it into spool_directory for the
/// root-run apply: a few <c>name=value</c> lines. The file name orders decisions by arrival.
/// Decide already checked the token; apply trusts nothing else in the file and checks the
/// message key against the database before acting.
/// </summary>
/// <param name="Purpose">A decision (action release or delete), a remember (release, and remember
/// <paramref name="DomainDigest"/>'s domain), or a forget (<paramref name="MessageKey"/> is a choice's key).</param>
internal sealed record DecisionFile(SenderAction Action, string MessageKey, string Sender, DateTimeOffset DecidedAt,
    TokenPurpose Purpose = TokenPurpose.Decision, string? DomainDigest = null)
{
    public const string Suffix = ".decision";

    private string Word => Purpose switch
    {
        TokenPurpose.Remember => "remember",
        TokenPurpose.Forget => "forget",
        _ => Action.ToString().ToLowerInvariant(),
    };

    public string FileName(string unique) =>
        $"{DecidedAt.ToUnixTimeMilliseconds():D14}-{MessageKey}-{Word}-{unique}{Suffix}";

    public byte[] Serialize() => Encoding.UTF8.GetBytes(
        $"action={Word}\nkey={MessageKey}\nsender={Sender}\ndecided_at={DecidedAt.ToUnixTimeSeconds()}\n"
        + (DomainDigest is null ? "" : $"domain={DomainDigest}\n"));

    public static bool TryParse(string text, [NotNullWhen(true)] out DecisionFile? decision)
    {
        decision = null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = line.IndexOf('=');
            if (equals <= 0 || !fields.TryAdd(line[..equals], line[(equals + 1)..]))
            {
                return false;
            }
        }

        if (!fields.TryGetValue("action", out var action) || !fields.TryGetValue("key", out var key)
            || !fields.TryGetValue("sender", out var sender) || !fields.TryGetValue("decided_at", out var at)
            || key.Length != MessageTag.PartLength || !Base32.IsValid(key) || sender.Length == 0 || sender.Any(char.IsControl)
            || !long.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > 253402300799)
        {
            return false;
        }

        (SenderAction, TokenPurpose)? parsed = action switch
        {
            "release" => (SenderAction.Release, TokenPurpose.Decision),
            "delete" => (SenderAction.Delete, TokenPurpose.Decision),
            "remember" => (SenderAction.Release, TokenPurpose.Remember),
            "forget" => (SenderAction.Release, TokenPurpose.Forget),
            _ => null,
        };
        fields.TryGetValue("domain", out var digest);
        if (parsed is null || (parsed.Value.Item2 == TokenPurpose.Remember) != (digest is not null)
            || (digest is not null && (digest.Length is 0 or > 16 || !Base32.IsValid(digest))))
        {
            return false;
        }

        decision = new DecisionFile(parsed.Value.Item1, key, sender, DateTimeOffset.FromUnixTimeSeconds(seconds), parsed.Value.Item2, digest);
        return true;
    }
}
