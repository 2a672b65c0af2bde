using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PostTls.Queue;

/// <summary>Parses one line of <c>postqueue -j</c> (JSON Lines).</summary>
internal static partial class PostqueueJson
{
    // Postfix nests three levels (line, recipients, recipient); leave room for future members
    // but stop a pathological line long before the stack or the time budget is at risk.
    private const int MaxDepth = 64;

    // Values quoted in a problem are cut to this many characters: reasons are one log line.
    private const int MaxQuotedLength = 40;

    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = MaxDepth,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    /// <summary>
    /// Parses a line. Unknown members, at any level, are ignored (forced_expire,
    /// orig_address, bounce_reason and whatever later Postfix versions add). Returns false,
    /// with a one-line reason naming the field, for an empty line, malformed JSON, missing or
    /// mistyped required fields (queue_name, queue_id, arrival_time, message_size, sender,
    /// recipients, recipients[i].address; recipients[i].delay_reason is optional but must be a
    /// string when present), negative or non-integral numbers, and invalid queue IDs
    /// (<see cref="QueueIds.IsValid"/>). An empty recipients array is valid. Never throws.
    /// Addresses come back in internal form (<see cref="Addresses.EnvelopeAddress.ToInternal"/>):
    /// postqueue quotes local parts that postcat prints unquoted, and both must name one mailbox.
    /// </summary>
    /// <remarks>
    /// A member that appears twice in the same object, when it is one this parser reads,
    /// makes the line invalid rather than picking the first or the last: postqueue never
    /// writes duplicates, so such a line is not what it seems, and acting on either value
    /// could act on the wrong message. Duplicated unknown members are ignored like any
    /// other unknown member.
    /// </remarks>
    public static bool TryParse(string line, [NotNullWhen(true)] out QueuedMessage? message, [NotNullWhen(false)] out string? problem) =>
        string.IsNullOrEmpty(line) ? TryParseWithDocument(line, out message, out problem) : TryParse(Encoding.UTF8.GetBytes(line), out message, out problem);

    /// <summary>
    /// The slow, explaining path: one <see cref="JsonDocument"/> of the line. It decides every
    /// line the fast one (PostqueueJson.Utf8.cs) does not take, so both give one answer.
    /// </summary>
    internal static bool TryParseWithDocument(string line, [NotNullWhen(true)] out QueuedMessage? message, [NotNullWhen(false)] out string? problem)
    {
        message = null;
        if (string.IsNullOrWhiteSpace(line))
        {
            problem = "empty line";
            return false;
        }

        try
        {
            // Transcode here: Encoding.UTF8 replaces lone surrogates where the parser would throw.
            using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(line), Options);
            return TryReadMessage(document.RootElement, out message, out problem);
        }
        catch (JsonException e)
        {
            problem = "not JSON: " + OneLine(e.Message);
            return false;
        }
        catch (InvalidOperationException e)
        {
            // Escapes such as "\udc00" are well-formed JSON but no text: the reader refuses
            // them only when a string (or a member name) is unescaped.
            problem = "not JSON text: " + OneLine(e.Message);
            return false;
        }
    }

    private static bool TryReadMessage(JsonElement root, [NotNullWhen(true)] out QueuedMessage? message, [NotNullWhen(false)] out string? problem)
    {
        message = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            problem = $"not a JSON object but {Describe(root.ValueKind)}";
            return false;
        }

        JsonElement? queueName = null, queueId = null, arrivalTime = null, messageSize = null, sender = null, recipients = null;
        foreach (var member in root.EnumerateObject())
        {
            var known =
                Take(member, "queue_name", ref queueName) ??
                Take(member, "queue_id", ref queueId) ??
                Take(member, "arrival_time", ref arrivalTime) ??
                Take(member, "message_size", ref messageSize) ??
                Take(member, "sender", ref sender) ??
                Take(member, "recipients", ref recipients);
            if (known is false)
            {
                problem = $"{member.Name} appears twice";
                return false;
            }
        }

        if (!TryGetString(queueName, "queue_name", out var queueNameText, out problem)
            || !TryGetString(queueId, "queue_id", out var queueIdText, out problem)
            || !TryGetCount(arrivalTime, "arrival_time", out var arrivalTimeValue, out problem)
            || !TryGetCount(messageSize, "message_size", out var messageSizeValue, out problem)
            || !TryGetString(sender, "sender", out var senderText, out problem)
            || !TryReadRecipients(recipients, out var recipientList, out problem))
        {
            return false;
        }

        if (!QueueIds.IsValid(queueIdText))
        {
            problem = $"queue_id {Quote(queueIdText)} is not a queue ID";
            return false;
        }

        message = new QueuedMessage(queueNameText, queueIdText, arrivalTimeValue, messageSizeValue,
            Addresses.EnvelopeAddress.ToInternal(senderText), recipientList);
        return true;
    }

    private static bool TryReadRecipients(JsonElement? value, [NotNullWhen(true)] out List<QueuedRecipient>? recipients, [NotNullWhen(false)] out string? problem)
    {
        recipients = null;
        if (value is not { } array)
        {
            problem = "recipients missing";
            return false;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            problem = $"recipients is {Describe(array.ValueKind)}, not an array";
            return false;
        }

        var list = new List<QueuedRecipient>(array.GetArrayLength());
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"recipients[{index}]");
            if (item.ValueKind != JsonValueKind.Object)
            {
                problem = $"{name} is {Describe(item.ValueKind)}, not an object";
                return false;
            }

            JsonElement? address = null, delayReason = null;
            foreach (var member in item.EnumerateObject())
            {
                var known =
                    Take(member, "address", ref address) ??
                    Take(member, "delay_reason", ref delayReason);
                if (known is false)
                {
                    problem = $"{name}.{member.Name} appears twice";
                    return false;
                }
            }

            if (!TryGetString(address, name + ".address", out var addressText, out problem))
            {
                return false;
            }

            var delayReasonText = "";
            if (delayReason is not null && !TryGetString(delayReason, name + ".delay_reason", out delayReasonText, out problem))
            {
                return false;
            }

            list.Add(new QueuedRecipient(Addresses.EnvelopeAddress.ToInternal(addressText), delayReasonText));
            index++;
        }

        recipients = list;
        problem = null;
        return true;
    }

    /// <summary>
    /// Stores <paramref name="member"/> in <paramref name="slot"/> when it has that name:
    /// true when stored, false when the slot was already taken, null when it is another member.
    /// </summary>
    private static bool? Take(JsonProperty member, string name, ref JsonElement? slot)
    {
        if (!member.NameEquals(name))
        {
            return null;
        }

        if (slot is not null)
        {
            return false;
        }

        slot = member.Value;
        return true;
    }

    private static bool TryGetString(JsonElement? value, string name, [NotNullWhen(true)] out string? text, [NotNullWhen(false)] out string? problem)
    {
        text = null;
        if (value is not { } element)
        {
            problem = $"{name} missing";
            return false;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            problem = $"{name} is {Describe(element.ValueKind)}, not a string";
            return false;
        }

        text = element.GetString()!;
        problem = null;
        return true;
    }

    /// <summary>A whole, non-negative number that fits a long: seconds or bytes.</summary>
    private static bool TryGetCount(JsonElement? value, string name, out long count, [NotNullWhen(false)] out string? problem)
    {
        count = 0;
        if (value is not { } element)
        {
            problem = $"{name} missing";
            return false;
        }

        if (element.ValueKind != JsonValueKind.Number)
        {
            problem = $"{name} is {Describe(element.ValueKind)}, not a number";
            return false;
        }

        // TryGetInt64 takes only integer notation: 1.0, 1e3 and out-of-range values fail.
        if (!element.TryGetInt64(out count) || count < 0)
        {
            var raw = element.GetRawText();
            var why = raw.AsSpan().ContainsAny('.', 'e', 'E') ? "is not a whole number"
                : raw.StartsWith('-') ? "is negative"
                : "is too large";
            problem = $"{name} {Shorten(raw)} {why}";
            count = 0;
            return false;
        }

        problem = null;
        return true;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>The value in double quotes, escaped and shortened so a reason stays one readable line.</summary>
    private static string Quote(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in Shorten(value))
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\').Append(c);
            }
            else if (char.IsControl(c) || char.IsSurrogate(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }

    private static string Shorten(string value) =>
        value.Length <= MaxQuotedLength ? value : string.Concat(value.AsSpan(0, MaxQuotedLength), "...");

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
