using System.Globalization;

namespace PostTls.State;

/// <summary>
/// The kind of a mail PostTLS sent about a message, as the notifications table stores it (one
/// row per message and kind, so each goes out once), and as the log and posttls show name it.
/// The words live here only; databases written before this type hold the same ones.
/// </summary>
internal sealed record NotificationKind
{
    private const string ReminderPrefix = "reminder-";
    private const string ReminderSeries = "reminder";

    private NotificationKind(string text, string series)
    {
        Text = text;
        Series = series;
    }

    /// <summary>The sender's first notice.</summary>
    public static NotificationKind Notice { get; } = Named("notice");

    /// <summary>The sender told that default_action was taken at the deadline.</summary>
    public static NotificationKind Deadline { get; } = Named("deadline");

    /// <summary>The sender told that never_insecure_action was taken.</summary>
    public static NotificationKind NeverInsecure { get; } = Named("never-insecure");

    /// <summary>admin_address told that TLS fails on our own side.</summary>
    public static NotificationKind AdminAlert { get; } = Named("admin-alert");

    /// <summary>admin_address told that a queue entry carries another message's tag.</summary>
    public static NotificationKind TagReused { get; } = Named("tag-reused");

    /// <summary>admin_address told that the sweep could not handle the message.</summary>
    public static NotificationKind FailureAlert { get; } = Named("failure-alert");

    /// <summary>The kinds stats always reports, also at zero, so the series of a dashboard never vanish.</summary>
    public static IReadOnlyList<string> ReportedSeries { get; } =
        [Notice.Series, ReminderSeries, Deadline.Series, NeverInsecure.Series, AdminAlert.Series];

    /// <summary>As stored and shown: notice, reminder-N, deadline, never-insecure, admin-alert, tag-reused, failure-alert.</summary>
    public string Text { get; }

    /// <summary>What stats counts it as: every reminder-N as reminder, so the label set stays small.</summary>
    public string Series { get; }

    /// <summary>The sender's reminder at step <paramref name="step"/> of reminder_schedule (1 for the first).</summary>
    public static NotificationKind Reminder(int step) =>
        new(ReminderPrefix + step.ToString(CultureInfo.InvariantCulture), ReminderSeries);

    /// <summary>A kind read back from the database; one this version does not know is kept as it is.</summary>
    public static NotificationKind FromStored(string text) =>
        new(text, text.StartsWith(ReminderPrefix, StringComparison.Ordinal) ? ReminderSeries : text);

    public override string ToString() => Text;

    private static NotificationKind Named(string text) => new(text, text);
}
