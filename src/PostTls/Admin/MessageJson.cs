using System.Text.Json;
using PostTls.Queue;
using PostTls.State;

namespace PostTls.Admin;

/// <summary>The JSON fields of a message, shared by list and show so that both read alike.</summary>
internal static class MessageJson
{
    /// <summary>Writes the fields of <paramref name="message"/> into the open object.</summary>
    public static void WriteFields(Utf8JsonWriter writer, TrackedMessage message, int noticesSent, long now)
    {
        writer.WriteString("queue_id", message.QueueId);
        writer.WriteString("key", message.Key);
        writer.WriteStringOrNull("tag", message.Tag);
        writer.WriteString("state", MessageStore.StateName(message.State));
        writer.WriteString("sender", message.Sender);
        writer.WriteString("subject", message.Subject);
        writer.WriteNumber("arrival_time", message.ArrivalTime);
        writer.WriteNumber("age_seconds", Math.Max(0, now - message.ArrivalTime));
        writer.WriteNumber("first_seen", message.FirstSeen);
        writer.WriteNumberOrNull("first_notice_at", message.FirstNoticeAt);
        writer.WriteNumberOrNull("deadline", message.Deadline);
        writer.WriteNumber("notices_sent", noticesSent);
        writer.WriteNumber("reminders_sent", message.RemindersSent);
        writer.WriteNumberOrNull("missing_since", message.MissingSince);
        writer.WriteStringOrNull("outcome", message.Outcome);
    }

    /// <summary>The affected recipients; <paramref name="details"/> adds what the delivery attempt reported.</summary>
    public static void WriteRecipients(Utf8JsonWriter writer, IReadOnlyList<TrackedRecipient> recipients, bool details)
    {
        writer.WriteStartArray("recipients");
        foreach (var recipient in recipients)
        {
            writer.WriteStartObject();
            writer.WriteString("address", recipient.Address);
            writer.WriteString("failure_class", FailureClassNames.Name(recipient.Failure));
            writer.WriteBoolean("never_insecure", recipient.NeverInsecure);
            if (details)
            {
                writer.WriteStringOrNull("host", recipient.Host);
                writer.WriteStringOrNull("server_reply", recipient.ServerReply);
                writer.WriteString("delay_reason", recipient.DelayReason);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>A decision's common fields into the open object.</summary>
    public static void WriteDecisionFields(Utf8JsonWriter writer, DecisionRecord decision)
    {
        writer.WriteString("action", ActionName(decision));
        writer.WriteString("decided_by", decision.DecidedBy.Text);
        writer.WriteNumber("decided_at", decision.DecidedAt);
        writer.WriteString("step", StepName(decision.Step));
    }

    public static string ActionName(DecisionRecord decision) => decision.Action.ToString().ToLowerInvariant();

    public static string StepName(DecisionStep step) => step.ToString().ToLowerInvariant();
}
