namespace PostTls.Notify;

/// <summary>The mails PostTLS sends to a sender about one message.</summary>
internal enum NoticeKind
{
    /// <summary>First notice: the message is stuck; choose.</summary>
    Notice,

    /// <summary>The same, again (reminder_schedule).</summary>
    Reminder,

    /// <summary>No decision in time; default_action was applied (or the message is left to Postfix).</summary>
    DeadlineApplied,

    /// <summary>All affected recipients are in never-insecure domains; never_insecure_action was applied.</summary>
    NeverInsecureApplied,
}
