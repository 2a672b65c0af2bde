using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PostTls.Tests.TestSupport;

/// <summary>
/// One message in a <see cref="FakePostfixQueue"/>: what <c>postqueue -j</c> lists for it and
/// what <c>postcat -q -e -h</c> prints, framed as Postfix 3.7 frames it (see
/// tests/corpus/postcat/batch.stdout.txt).
/// </summary>
internal sealed class QueueFile
{
    /// <summary>A remote server without STARTTLS: the sender's decision.</summary>
    public const string NotOffered = "TLS is required, but was not offered by host mx.example.test[192.0.2.25]";

    /// <summary>Our own TLS side is broken: the administrator's problem.</summary>
    public const string LocalTls = "TLS is required, but our TLS engine is unavailable";

    /// <summary>Not a TLS failure at all.</summary>
    public const string Refused = "connect to mx.example.test[192.0.2.25]:25: Connection refused";

    public required string QueueId { get; init; }

    public string QueueName { get; set; } = "deferred";

    public long ArrivalTime { get; init; } = 1_795_340_986;

    /// <summary>The envelope sender; empty for the null sender (postqueue then says MAILER-DAEMON).</summary>
    public string Sender { get; init; } = "";

    public List<(string Address, string DelayReason)> Recipients { get; init; } = [];

    public List<string> DoneRecipients { get; init; } = [];

    /// <summary>Header lines as stored, continuation lines included, without line endings.</summary>
    public List<string> HeaderLines { get; init; } = [];

    public string Body { get; init; } = "Hello.\n";

    /// <summary>Set by <c>postsuper -f</c>.</summary>
    public bool ForcedExpire { get; set; }

    /// <summary>The queue file path postcat prints: <c>deferred/H/ID</c>, or <c>hold/ID</c>.</summary>
    public string Path => QueueName == "hold" ? $"hold/{QueueId}" : $"{QueueName}/{QueueId[0]}/{QueueId}";

    /// <summary>A message that passed the filter: a verified X-PostTLS-ID on top, deferred for TLS.</summary>
    public static QueueFile Tagged(string queueId, string tag, string sender, params string[] recipients) =>
        Message(queueId, sender, [$"X-PostTLS-ID: {tag}"], recipients);

    /// <summary>A message with the given extra header lines (on top), each recipient deferred for TLS.</summary>
    public static QueueFile Message(string queueId, string sender, IEnumerable<string> extraHeaders, params string[] recipients) => new()
    {
        QueueId = queueId,
        Sender = sender,
        Recipients = recipients.Select(r => (r, NotOffered)).ToList(),
        HeaderLines =
        [
            .. extraHeaders,
            "Received: by mail.posttls.test (Postfix, from userid 1000)",
            $"\tid {queueId}; Sun, 22 Nov 2026 09:49:46 +0000 (UTC)",
            $"From: <{sender}>",
            $"To: {string.Join(", ", recipients)}",
            "Subject: =?UTF-8?B?R3LDvMOfZQ==?= from the test",
            $"Message-ID: <{queueId}@posttls.test>",
            "Date: Sun, 22 Nov 2026 09:49:46 +0000",
        ],
    };

    /// <summary>
    /// This message in another queue entry: as postsuper -r requeues it (same content, same
    /// arrival time) when nothing else is given, or a copy of it with the changes given.
    /// </summary>
    public QueueFile CopyAs(string queueId, string? sender = null, long? arrivalTime = null, IEnumerable<string>? headerLines = null) => new()
    {
        QueueId = queueId,
        QueueName = QueueName,
        ArrivalTime = arrivalTime ?? ArrivalTime,
        Sender = sender ?? Sender,
        Recipients = [.. Recipients],
        DoneRecipients = [.. DoneRecipients],
        HeaderLines = [.. headerLines ?? HeaderLines],
        Body = Body,
    };

    /// <summary>The <c>postqueue -j</c> line. Addresses are quoted there, as Postfix quotes them (postcat prints them unquoted).</summary>
    public string JsonLine()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("queue_name", QueueName);
            json.WriteString("queue_id", QueueId);
            json.WriteNumber("arrival_time", ArrivalTime);
            json.WriteNumber("message_size", Content().Length);
            json.WriteBoolean("forced_expire", ForcedExpire);
            json.WriteString("sender", Sender.Length == 0 ? "MAILER-DAEMON" : PostTls.Addresses.EnvelopeAddress.ToExternal(Sender));
            json.WriteStartArray("recipients");
            foreach (var (address, reason) in Recipients)
            {
                json.WriteStartObject();
                json.WriteString("address", PostTls.Addresses.EnvelopeAddress.ToExternal(address));
                if (reason.Length > 0)
                {
                    json.WriteString("delay_reason", reason);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>This message's part of <c>postcat -q -e -h</c> output.</summary>
    public string PostcatText()
    {
        var size = Content().Length;
        var arrival = DateTimeOffset.FromUnixTimeSeconds(ArrivalTime).ToString("ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"*** ENVELOPE RECORDS {Path} ***\n");
        text.Append(CultureInfo.InvariantCulture, $"message_size: {size,15} {size - Body.Length,15} {Recipients.Count + DoneRecipients.Count,15} {0,15} {size,15} {0,15}\n");
        text.Append(CultureInfo.InvariantCulture, $"message_arrival_time: {arrival}\n");
        text.Append(CultureInfo.InvariantCulture, $"create_time: {arrival}\n");
        text.Append("named_attribute: rewrite_context=local\n");
        text.Append("sender_fullname: Test User\n");
        text.Append(CultureInfo.InvariantCulture, $"sender: {Sender}\n");
        foreach (var done in DoneRecipients)
        {
            text.Append(CultureInfo.InvariantCulture, $"named_attribute: dsn_orig_rcpt=rfc822;{done}\noriginal_recipient: {done}\ndone_recipient: {done}\n");
        }

        foreach (var (address, _) in Recipients)
        {
            text.Append(CultureInfo.InvariantCulture, $"named_attribute: dsn_orig_rcpt=rfc822;{address}\noriginal_recipient: {address}\nrecipient: {address}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"*** MESSAGE CONTENTS {Path} ***\n");
        foreach (var line in HeaderLines)
        {
            text.Append(line).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"*** HEADER EXTRACTED {Path} ***\n");
        text.Append(CultureInfo.InvariantCulture, $"*** MESSAGE FILE END {Path} ***\n");
        return text.ToString();
    }

    /// <summary>The content as <c>postcat -q -bh</c> prints it.</summary>
    public byte[] Content() => Encoding.UTF8.GetBytes(string.Join("\n", HeaderLines) + "\n\n" + Body);
}
