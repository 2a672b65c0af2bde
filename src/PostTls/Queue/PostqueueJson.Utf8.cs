using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace PostTls.Queue;

/// <summary>
/// The fast path of <see cref="PostqueueJson"/>: one <see cref="Utf8JsonReader"/> pass over
/// the line's bytes as postqueue wrote them, no string of the line and no JsonDocument. It
/// takes only lines that are well-formed in every respect; everything else (and everything
/// unusual: an escaped member name, invalid UTF-8) goes to the JsonDocument path, which
/// decides it and names the reason. So both paths give one answer for every line, and the
/// reasons stay those of the JsonDocument path.
/// </summary>
internal static partial class PostqueueJson
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = MaxDepth,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    /// <summary>
    /// <see cref="TryParse(string, out QueuedMessage?, out string?)"/> for one line as
    /// postqueue wrote it: UTF-8, without its newline. Invalid UTF-8 is read as the text
    /// decoder reads it (replacement characters). Never throws.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> line, [NotNullWhen(true)] out QueuedMessage? message, [NotNullWhen(false)] out string? problem) =>
        TryParse(line, null, out message, out problem);

    /// <param name="pool">Where the texts that repeat between lines (addresses, delay reasons) are made once; null: none.</param>
    public static bool TryParse(ReadOnlySpan<byte> line, TextPool? pool, [NotNullWhen(true)] out QueuedMessage? message, [NotNullWhen(false)] out string? problem)
    {
        if (TryReadWellFormed(line, pool, out message))
        {
            problem = null;
            return true;
        }

        return TryParseWithDocument(Encoding.UTF8.GetString(line), out message, out problem);
    }

    /// <summary>True only for a line the JsonDocument path would read the same; false says nothing about the line.</summary>
    private static bool TryReadWellFormed(ReadOnlySpan<byte> line, TextPool? pool, [NotNullWhen(true)] out QueuedMessage? message)
    {
        message = null;
        // The other path parses the text decoded with replacement characters: the same bytes only when valid.
        if (!Utf8.IsValid(line))
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(line, isFinalBlock: true, new JsonReaderState(ReaderOptions));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            string? queueName = null, queueId = null, sender = null;
            long arrivalTime = -1, messageSize = -1;
            List<QueuedRecipient>? recipients = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var member = Known(ref reader, MessageMembers);
                if (member == Escaped || !reader.Read())
                {
                    return false;
                }

                var read = member switch
                {
                    0 => queueName is null && TryQueueName(ref reader, out queueName),
                    1 => queueId is null && TryString(ref reader, out queueId),
                    2 => arrivalTime < 0 && TryCount(ref reader, out arrivalTime),
                    3 => messageSize < 0 && TryCount(ref reader, out messageSize),
                    4 => sender is null && TryString(ref reader, out sender, pool),
                    5 => recipients is null && TryRecipients(ref reader, pool, out recipients),
                    _ => reader.TrySkip(),
                };
                if (!read)
                {
                    return false;
                }
            }

            // At the object's end; Read throws for anything but white space after it.
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read()
                || queueName is null || queueId is null || arrivalTime < 0 || messageSize < 0 || sender is null || recipients is null
                || !QueueIds.IsValid(queueId))
            {
                return false;
            }

            message = new QueuedMessage(queueName, queueId, arrivalTime, messageSize, Addresses.EnvelopeAddress.ToInternal(sender), recipients);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false; // a string that is no text ("\udc00"): the other path names it
        }
    }

    private static bool TryRecipients(ref Utf8JsonReader reader, TextPool? pool, [NotNullWhen(true)] out List<QueuedRecipient>? recipients)
    {
        recipients = null;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var list = new List<QueuedRecipient>(1);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            string? address = null, delayReason = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var member = Known(ref reader, RecipientMembers);
                if (member == Escaped || !reader.Read())
                {
                    return false;
                }

                var read = member switch
                {
                    0 => address is null && TryString(ref reader, out address, pool),
                    1 => delayReason is null && TryString(ref reader, out delayReason, pool),
                    _ => reader.TrySkip(),
                };
                if (!read)
                {
                    return false;
                }
            }

            if (address is null)
            {
                return false;
            }

            list.Add(new QueuedRecipient(Addresses.EnvelopeAddress.ToInternal(address), delayReason ?? ""));
        }

        recipients = list;
        return true;
    }

    private const int Escaped = -2;

    // In the order of the switch that reads them.
    private static readonly byte[][] MessageMembers =
        ["queue_name"u8.ToArray(), "queue_id"u8.ToArray(), "arrival_time"u8.ToArray(), "message_size"u8.ToArray(), "sender"u8.ToArray(), "recipients"u8.ToArray()];

    private static readonly byte[][] RecipientMembers = ["address"u8.ToArray(), "delay_reason"u8.ToArray()];

    /// <summary>
    /// The index of the member name the reader is on in <paramref name="names"/>, -1 for
    /// another name, <see cref="Escaped"/> for an escaped one (rare enough for the other path).
    /// </summary>
    private static int Known(ref Utf8JsonReader reader, byte[][] names)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return Escaped;
        }

        for (var i = 0; i < names.Length; i++)
        {
            if (reader.ValueSpan.SequenceEqual(names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <param name="pool">Null, or the pool of the listing (used for text without escapes, the usual case).</param>
    private static bool TryString(ref Utf8JsonReader reader, [NotNullWhen(true)] out string? text, TextPool? pool = null)
    {
        text = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        text = pool is not null && !reader.ValueIsEscaped && !reader.HasValueSequence ? pool.Get(reader.ValueSpan) : reader.GetString()!;
        return true;
    }

    // Four queue names, one per listed message: no string for each.
    private static bool TryQueueName(ref Utf8JsonReader reader, [NotNullWhen(true)] out string? text)
    {
        text = reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped ? QueueName(reader.ValueSpan) : null;
        return text is not null || TryString(ref reader, out text);
    }

    private static string? QueueName(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("deferred"u8) ? "deferred"
        : name.SequenceEqual("active"u8) ? "active"
        : name.SequenceEqual("hold"u8) ? "hold"
        : name.SequenceEqual("incoming"u8) ? "incoming"
        : null;

    /// <summary>As the other path: integer notation that fits a long, not negative.</summary>
    private static bool TryCount(ref Utf8JsonReader reader, out long count)
    {
        count = -1;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out count) && count >= 0;
    }
}
