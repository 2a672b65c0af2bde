using PostTls.Notify;
using PostTls.Queue;
using PostTls.Run;
using PostTls.State;

namespace PostTls.Sweep;

/// <summary>
/// Our own TLS side failing, and queue entries that carry another message's tag, are the
/// administrator's problem: one alert per message, never the sender; one mail per kind.
/// </summary>
internal sealed class AdminAlerts(RunContext context)
{
    public void Send(QueueScan scan, Tracker tracker, RunSummary summary, IReadOnlyList<TrackedMessage> unclosed)
    {
        var items = new List<(TrackedMessage Message, AdminAlertItem Item)>();
        foreach (var message in unclosed)
        {
            if (!scan.TryGet(message, out var queued))
            {
                continue;
            }

            // Asked for every unclosed message at every sweep; nearly always no recipient is ours to fix.
            var affected = tracker.Affected(queued);
            if (!affected.Any(r => r.Failure == FailureClass.LocalTlsProblem) || context.Store.HasNotification(message.Id, NotificationKind.AdminAlert))
            {
                continue;
            }

            items.AddRange(affected.Where(r => r.Failure == FailureClass.LocalTlsProblem)
                .Select(r => (message, new AdminAlertItem(message.QueueId, message.Sender, r.Address, r.DelayReason))));
        }

        items.AddRange(context.Store.TagReusesNotAlerted().Select(r => (r.Message, new AdminAlertItem(r.Message.QueueId, r.Message.Sender,
            string.Join(", ", context.Store.Recipients(r.Message.Id).Select(x => x.Address)), r.Detail, AdminAlertKind.TagReused))));
        foreach (var kind in items.GroupBy(i => i.Item.Kind))
        {
            Alert(kind.Key, kind.ToList(), summary);
        }
    }

    private void Alert(AdminAlertKind kind, List<(TrackedMessage Message, AdminAlertItem Item)> items, RunSummary summary)
    {
        var (record, what) = kind == AdminAlertKind.TagReused
            ? (NotificationKind.TagReused, AuditAction.TagReused.Text)
            : (NotificationKind.AdminAlert, "TLS failed on our side");
        byte[] mail;
        try
        {
            mail = context.Composer.ComposeAdminAlert(context.AdminAddress, items.Select(i => i.Item).ToList());
        }
        catch (ArgumentException e)
        {
            context.Log.Error($"cannot alert {context.Settings.AdminAddress} (admin_address): {e.Message}");
            return;
        }
        catch (Postfix.PostfixException e)
        {
            context.Log.Error($"cannot write the alert to {context.Settings.AdminAddress}: {e.Message}; will retry");
            return;
        }

        if (context.SendMail(context.AdminAddress, mail,
            $"would alert {context.Settings.AdminAddress} about {items.Count} {(kind == AdminAlertKind.TagReused ? "queue entries with a reused tag" : "recipient(s) stuck because of our own TLS side")}") is { } error)
        {
            context.Log.Error($"cannot alert {context.Settings.AdminAddress}: {error}; will retry");
            return;
        }

        if (context.DryRun)
        {
            return;
        }

        foreach (var message in items.Select(i => i.Message).DistinctBy(m => m.Id))
        {
            context.Store.TryRecordNotification(message.Id, record, context.Now, context.Settings.AdminAddress);
            context.Store.Audit(context.Now, message.Id, message.QueueId, Actor.Sweep, AuditAction.AdminAlerted, what);
        }

        context.Log.Warning(kind == AdminAlertKind.TagReused
            ? $"{items.Count} queue entr{(items.Count == 1 ? "y carries" : "ies carry")} the tag of another message; alerted {context.Settings.AdminAddress}"
            : $"TLS fails on our side for {items.Count} recipient(s); alerted {context.Settings.AdminAddress}");
        summary.Notices++;
    }
}
