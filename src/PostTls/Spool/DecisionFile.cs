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
internal sealed record DecisionFile(SenderAction Action, string MessageKey, string Sender, DateTimeOffset DecidedAt)
{
    public const string Suffix = ".decision";

    public string FileName(string unique) =>
        $"{DecidedAt.ToUnixTimeMilliseconds():D14}-{MessageKey}-{Action.ToString().ToLowerInvariant()}-{unique}{Suffix}";

    public byte[] Serialize() => Encoding.UTF8.GetBytes(
        $"action={Action.ToString().ToLowerInvariant()}\nkey={MessageKey}\nsender={Sender}\ndecided_at={DecidedAt.ToUnixTimeSeconds()}\n");

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

        SenderAction? parsed = action switch
        {
            "release" => SenderAction.Release,
            "delete" => SenderAction.Delete,
            _ => null,
        };
        if (parsed is null)
        {
            return false;
        }

        decision = new DecisionFile(parsed.Value, key, sender, DateTimeOffset.FromUnixTimeSeconds(seconds));
        return true;
    }
}
