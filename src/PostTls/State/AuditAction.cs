using PostTls.Configuration;

namespace PostTls.State;

/// <summary>
/// What an audit row says was done, as the audit_log table stores it and posttls log and show
/// print it. The words live here only; reports compare these values, never display text, and
/// databases written before this type hold the same words.
/// </summary>
internal sealed record AuditAction
{
    private AuditAction(string text)
    {
        Text = text;
    }

    /// <summary>The sweep met a deferred message and recorded it (the detail says how it was classified).</summary>
    public static AuditAction Tracked { get; } = new("tracked");

    /// <summary>A queue entry carries the tag of another message and is not trusted.</summary>
    public static AuditAction TagReused { get; } = new("tag reused");

    /// <summary>The sweep could not handle the message; it is left to the administrator.</summary>
    public static AuditAction Failed { get; } = new("failed");

    /// <summary>The message left the queue without a decision.</summary>
    public static AuditAction Closed { get; } = new("closed");

    /// <summary>admin_address was told about the message.</summary>
    public static AuditAction AdminAlerted { get; } = new("admin alerted");

    public static AuditAction DecisionAccepted { get; } = new("decision accepted");

    public static AuditAction DecisionRefused { get; } = new("decision refused");

    public static AuditAction DecisionFailed { get; } = new("decision failed");

    /// <summary>Nothing of a "send without encryption" may go out; the message waits as it was.</summary>
    public static AuditAction ReleaseRefused { get; } = new("release refused");

    /// <summary>Every copy of a "send without encryption" was taken by the release listener and the original deleted.</summary>
    public static AuditAction Released { get; } = new("released");

    /// <summary>The recipients that stay went on as a message of their own, with a fresh tag.</summary>
    public static AuditAction Resubmitted { get; } = new("resubmitted");

    /// <summary>The message was deleted, by a decision or by a policy action.</summary>
    public static AuditAction Deleted { get; } = new("deleted");

    /// <summary>A return (postsuper -f), by the administrator or by a policy action.</summary>
    public static AuditAction Returned { get; } = new("returned to the sender");

    public static AuditAction PutOnHold { get; } = new("put on hold");

    public static AuditAction LeftToPostfix { get; } = new("left to Postfix");

    public static AuditAction DomainAdded { get; } = new("domain added");

    /// <summary>A sender chose to send to a domain without encryption for a while, without being asked (the detail names domain, scope, expiry).</summary>
    public static AuditAction ChoiceRemembered { get; } = new("choice remembered");

    /// <summary>A remembered choice or a "TLS-Required: No" header field released a message without a notice.</summary>
    public static AuditAction ChoiceUsed { get; } = new("choice used");

    /// <summary>A remembered choice ended before its expiry: forgotten by its sender, revoked by an administrator, or its domain became never-insecure.</summary>
    public static AuditAction ChoiceEnded { get; } = new("choice ended");

    public static AuditAction DomainRemoved { get; } = new("domain removed");

    /// <summary>As stored and shown, e.g. "decision accepted", "notice sent".</summary>
    public string Text { get; }

    /// <summary>A notification of <paramref name="kind"/> went out.</summary>
    public static AuditAction Sent(NotificationKind kind) => new(kind.Text + " sent");

    /// <summary>What a policy action (never_insecure_action, default_action, posttls return) did to the message.</summary>
    public static AuditAction For(PolicyAction action) => action switch
    {
        PolicyAction.Return => Returned,
        PolicyAction.Delete => Deleted,
        PolicyAction.Hold => PutOnHold,
        _ => LeftToPostfix,
    };

    /// <summary>An action read back from the database; one this version does not know is kept as it is.</summary>
    public static AuditAction FromStored(string text) => new(text);

    public override string ToString() => Text;
}
