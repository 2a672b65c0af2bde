using System.Globalization;
using PostTls.State;
using PostTls.Text;

namespace PostTls.Admin;

/// <summary>
/// posttls choices list: the remembered choices as a table, one a line, or as one JSON
/// document. Senders and domains came from outside (a sender's notice), so they are shown
/// through <see cref="SafeText"/>; the JSON carries them as stored.
/// </summary>
internal static class ChoiceList
{
    /// <summary>The words of the STATE column and the JSON's state field.</summary>
    public const string Holds = "holds";
    public const string Expired = "expired";
    public const string Forgotten = "forgotten";
    public const string Revoked = "revoked";

    /// <summary>Ended by anyone else: the sweep, when the domain became never-insecure.</summary>
    public const string Ended = "ended";

    public static string StateName(RememberedChoice choice, long now) => choice.EndedBy?.Kind switch
    {
        _ when choice.EndedAt is null => now < choice.ExpiresAt ? Holds : Expired,
        ActorKind.Sender => Forgotten,
        ActorKind.Admin => Revoked,
        _ => Ended,
    };

    /// <summary>"no-tls,certificate": one word, so that the table still splits on white space.</summary>
    public static string ScopeWords(ChoiceScope scope) => ChoiceScopes.Text(scope).Replace(' ', ',');

    /// <param name="all">Whether ended and expired choices are listed too: then the ENDED BY column is shown.</param>
    public static void WriteTable(IReadOnlyList<RememberedChoice> choices, bool all, long now, TextWriter output)
    {
        if (choices.Count == 0)
        {
            output.WriteLine(all ? "no remembered choices" : "no remembered choices hold");
            return;
        }

        string[] headings = ["KEY", "SENDER", "DOMAIN", "SCOPE", "MADE (UTC)", "EXPIRES (UTC)", "USES", "STATE"];
        var table = new TextTable(all ? [.. headings, "ENDED BY"] : headings);
        foreach (var c in choices)
        {
            string[] cells =
            [
                c.Key,
                SafeText.Cut(c.Sender, 32),
                SafeText.Cut(c.Domain, 40),
                ScopeWords(c.Scope),
                HumanText.Time(c.MadeAt, zone: false),
                HumanText.Time(c.ExpiresAt, zone: false),
                c.Uses.ToString(CultureInfo.InvariantCulture),
                StateName(c, now),
            ];
            table.Add(all ? [.. cells, c.EndedBy is { } by ? SafeText.Cut(by.Text, 40) : "-"] : cells);
        }

        table.Write(output);
    }

    /// <param name="messageKey">The key of the message whose notice offered the choice, while it is kept.</param>
    public static void WriteJson(IReadOnlyList<RememberedChoice> choices, long now, Func<long, string?> messageKey, TextWriter output) =>
        JsonOutput.Write(output, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("choices");
            foreach (var c in choices)
            {
                writer.WriteStartObject();
                writer.WriteString("key", c.Key);
                writer.WriteString("sender", c.Sender);
                writer.WriteString("domain", c.Domain);
                writer.WriteStartArray("scope");
                foreach (var word in ChoiceScopes.Text(c.Scope).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    writer.WriteStringValue(word);
                }

                writer.WriteEndArray();
                writer.WriteNumber("made_at", c.MadeAt);
                writer.WriteNumber("expires_at", c.ExpiresAt);
                writer.WriteNumber("uses", c.Uses);
                writer.WriteString("state", StateName(c, now));
                writer.WriteNumberOrNull("ended_at", c.EndedAt);
                writer.WriteStringOrNull("ended_by", c.EndedBy?.Text);
                writer.WriteStringOrNull("message_key", c.MessageId is { } id ? messageKey(id) : null);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
}
