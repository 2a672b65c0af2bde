using PostTls.Configuration;
using PostTls.Notify;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.Run;

/// <summary>
/// Sends the sender's notices. A notice is recorded before it is sent and the record taken
/// back if sendmail refuses it, so each step goes out at most once however the sweep ends.
/// What a sent notice leaves to write (its audit row, the clock or the reminder count) is
/// written with the next notice's record, or at <see cref="Flush"/>: one commit per notice
/// instead of three, for a sweep that sends hundreds. A sweep that dies before that write
/// leaves the record, and the next sweep only does what is left (the step's own check of
/// <see cref="MessageStore.HasNotification"/>), without a second notice.
/// </summary>
internal sealed class Notifier(RunContext context)
{
    private readonly List<Action> _afterSent = [];

    /// <summary>Records <paramref name="kind"/> for the message and sends the notice; false when not sent.</summary>
    /// <param name="afterSent">What the step records once the notice is sent; written later, in the commit of the next record or <see cref="Flush"/>.</param>
    /// <exception cref="ArgumentException">No notice can be written to this sender; nothing was recorded.</exception>
    public bool Send(TrackedMessage message, NotificationKind kind, Notice notice, Action? afterSent = null)
    {
        // Written before it is recorded: a notice that cannot be written must not count as sent.
        var mail = context.Composer.Compose(notice);
        foreach (var warning in context.Composer.Warnings)
        {
            context.Log.Warning("template: " + warning);
        }

        var recorded = Atomic.Write(context.Database, () =>
        {
            WriteAfterSent();
            return context.Store.TryRecordNotification(message.Id, kind, context.Now, message.Sender);
        });
        if (!recorded)
        {
            return false; // already sent once
        }

        if (context.SendMail(message.Sender, mail, $"would send a {kind} to <{message.Sender}> about {message.QueueId} ({mail.Length} bytes)") is { } error)
        {
            context.Store.ForgetNotification(message.Id, kind);
            context.Log.Error($"{message.QueueId}: cannot send the {kind} to <{message.Sender}>: {error}; will retry");
            return false;
        }

        if (!context.DryRun)
        {
            context.Log.Info($"{message.QueueId}: key={message.Key}, {kind} sent to <{message.Sender}>");
            var sentAt = context.Now;
            _afterSent.Add(() => context.Store.Audit(sentAt, message.Id, message.QueueId, Actor.Sweep, AuditAction.Sent(kind), $"to <{message.Sender}>"));
        }

        if (afterSent is not null)
        {
            _afterSent.Add(afterSent);
        }

        return true;
    }

    /// <summary>Writes what the notices sent so far left to write, in one commit. The sweep calls it when its notices are done.</summary>
    public void Flush()
    {
        if (_afterSent.Count > 0)
        {
            Atomic.Write(context.Database, WriteAfterSent);
        }
    }

    private void WriteAfterSent()
    {
        foreach (var write in _afterSent)
        {
            write();
        }

        _afterSent.Clear();
    }

    public Notice Build(NoticeKind kind, TrackedMessage message, IReadOnlyList<TrackedRecipient> affected,
        long deadline, PolicyAction? applied = null, int reminder = 0)
    {
        var expires = DateTimeOffset.FromUnixTimeSeconds(deadline);
        var offerActions = kind is NoticeKind.Notice or NoticeKind.Reminder;
        var releasable = affected.Any(r => !r.NeverInsecure);
        return new Notice(
            kind,
            message.Sender,
            message.Subject,
            message.DateHeader,
            message.MessageIdHeader,
            DateTimeOffset.FromUnixTimeSeconds(message.ArrivalTime),
            affected.Select(r => new NoticeRecipient(r.Address, r.Failure, r.ServerReply, r.NeverInsecure)).ToList(),
            expires,
            context.Settings.DefaultAction,
            applied,
            reminder,
            offerActions && releasable ? Address(SenderAction.Release, message, expires) : null,
            offerActions ? Address(SenderAction.Delete, message, expires) : null,
            offerActions && releasable ? RememberAddresses(message, affected, expires) : null,
            DateTimeOffset.FromUnixTimeSeconds(context.Now) + context.Settings.RememberChoiceTime,
            message.TlsRequiredNo && context.Settings.HonourTlsRequiredNo && !releasable);
    }

    /// <summary>
    /// One "do the same for this domain" address per domain of the recipients that may be
    /// released, for verified mail only: a choice acts on the sender's later mail, so it is
    /// offered only where the sender is proven (the tag), never to untagged mail's sender.
    /// </summary>
    private List<RememberAction>? RememberAddresses(TrackedMessage message, IReadOnlyList<TrackedRecipient> affected, DateTimeOffset expires)
    {
        if (context.Settings.RememberChoiceTime <= TimeSpan.Zero || message.Tag is null)
        {
            return null;
        }

        return affected.Where(r => !r.NeverInsecure && r.Failure != Queue.FailureClass.LocalTlsProblem)
            .Select(r => Addresses.EnvelopeAddress.Domain(r.Address))
            .Where(d => d.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(d => new RememberAction(d,
                ActionTokens.CreateRememberLocalPart(context.Key, message.Key, d, message.Sender, expires) + "@" + context.ActionDomain))
            .ToList();
    }

    private string Address(SenderAction action, TrackedMessage message, DateTimeOffset expires) =>
        ActionTokens.CreateLocalPart(context.Key, action, message.Key, message.Sender, expires) + "@" + context.ActionDomain;

    /// <summary>The subject as a person reads it.</summary>
    public static string DisplaySubject(string? raw) => HeaderText.Decode(raw);
}
