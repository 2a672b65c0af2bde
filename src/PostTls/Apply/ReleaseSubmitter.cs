using PostTls.Queue;
using PostTls.Run;
using PostTls.Smtp;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.Apply;

/// <summary>
/// Hands each planned copy of a release to the release listener (whose socket postconf is
/// asked for once per run, not once per release, over one connection per run); in a dry run
/// the copy is described instead.
/// The sender's confirmation goes through <see cref="Confirmations"/>.
/// </summary>
internal sealed class ReleaseSubmitter(RunContext context, DecisionStore decisions)
{
    private string? _releaseSocket;

    // All copies of a run share one connection, each its own transaction with its own reply
    // (SmtpSession): no connect, greeting and EHLO per copy.
    private SmtpSession? _session;

    /// <summary>Submits one group's copy and records its new queue ID before anything else happens.</summary>
    /// <exception cref="Postfix.PostfixException">The group's next hop cannot go into the routing header, or postconf failed.</exception>
    /// <exception cref="DecisionRefusedException">The message's header is too large to examine.</exception>
    /// <exception cref="SmtpException">The release listener did not take the copy.</exception>
    public void Submit(DecisionRecord decision, TrackedMessage message, MessageDetails details, byte[] content, ReleaseGroup group)
    {
        var envelope = ReleasePlan.Envelope(details, content, group.Recipients);
        if (group.NextHop is { } hop && !NextHop.IsCanonical(hop))
        {
            // Planned by an older version, which wrote any next hop: the cleanup would not route it.
            throw new Postfix.PostfixException($"next hop \"{hop}\" of {message.QueueId} cannot go into the routing header; not released");
        }

        // The copy for the recipients that stay is a message of its own: a fresh tag (same sender,
        // new time) gives it its own record when it is deferred for TLS again.
        var freshTag = group.NextHop is null && message.Tag is not null ? MessageTag.Create(context.Key, details.Sender, context.Clock.GetUtcNow()) : null;
        var copy = ReleaseContent.Build(content, group.NextHop, freshTag)
            ?? throw new DecisionRefusedException("its header is too large to examine, so it cannot be sent on safely");
        using var stream = new MemoryStream(copy, writable: false);

        if (context.DryRun)
        {
            context.Report.WriteLine($"would submit {message.QueueId} for {string.Join(" ", group.Recipients)} via {group.NextHop ?? "normal routing"}");
            decisions.Submitted(group.Id, "-", context.Now);
            return;
        }

        _session ??= new SmtpSession(new SmtpClientOptions
        {
            Endpoint = SmtpEndpoint.Unix(ReleaseSocket()),
            OnConnectRetry = warning => context.Log.Warning("release listener: " + warning),
        });
        var result = _session.Submit(envelope, stream);
        var newId = result.QueueId ?? "-";
        decisions.Submitted(group.Id, newId, context.Now);
        context.Log.Info($"{message.QueueId}: key={message.Key}, {(group.NextHop is null ? "resubmitted" : "released to " + group.NextHop)} as {newId}: {string.Join(" ", group.Recipients)}");
        if (freshTag is not null)
        {
            context.Store.Audit(context.Now, message.Id, message.QueueId, decision.DecidedBy, AuditAction.Resubmitted,
                $"{newId} for {string.Join(" ", group.Recipients)}, a message of its own with key {MessageKeys.FromTag(freshTag)}");
        }
    }

    /// <summary>Closes the run's connection to the release listener with QUIT; the next copy opens a new one.</summary>
    public void EndRun()
    {
        _session?.Dispose();
        _session = null;
    }

    private string ReleaseSocket() => _releaseSocket ??= FindReleaseSocket();

    private string FindReleaseSocket()
    {
        var queueDirectory = context.Queue.Parameters("queue_directory").GetValueOrDefault("queue_directory")
            ?? throw new Postfix.PostfixException("postconf did not name queue_directory");
        return Path.Combine(queueDirectory, "private", context.Settings.ReleaseService);
    }
}
