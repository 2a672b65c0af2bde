using PostTls.Decisions;
using PostTls.Notify;
using PostTls.Queue;
using PostTls.Smtp;
using PostTls.State;
using PostTls.Sweep;
using PostTls.Tagging;

namespace PostTls.Release;

/// <summary>
/// Carries out decisions: the files decide dropped, and any decision a killed run left
/// unfinished. Each step is written to the database before the next starts; the first valid
/// decision for a message wins. A duplicate copy is possible in one window only: between the
/// release listener's 250 reply and the write of its queue ID. One decision that fails never
/// stops the others (see DecisionApplier.Failures.cs).
/// </summary>
internal sealed partial class DecisionApplier(SweepContext context)
{
    private readonly DecisionStore _decisions = new(context.Database);
    private readonly DecisionSpool _spool = new(context.Settings.SpoolDirectory, context.Log.Warning);
    private readonly QueueActions _actions = new(context);
    private NextHopResolver? _resolver;
    private string? _releaseSocket;

    // The envelope read while planning, for the submission that follows in the same run: the
    // message is on hold in between, so nothing can change it. A run that resumes at "planned"
    // (the last one died) reads it again.
    private (string QueueId, MessageDetails Details)? _planned;

    public int Run()
    {
        var applied = 0;
        foreach (var unfinished in _decisions.Unfinished())
        {
            applied += Carry(unfinished) ? 1 : 0;
        }

        foreach (var file in _spool.Pending())
        {
            if (TakeIsolated(file) is { } decision)
            {
                applied += Carry(decision) ? 1 : 0;
            }
        }

        return applied;
    }

    /// <summary>An administrator's decision, through the same path as a sender's.</summary>
    public bool Decide(TrackedMessage message, SenderAction action, string actor)
    {
        if (_decisions.ForMessage(message.Id) is { } earlier)
        {
            context.Log.Warning($"{message.QueueId}: key={message.Key}: already decided ({earlier.Action} by {earlier.DecidedBy})");
            return false;
        }

        var decision = _decisions.Insert(message.Id, action, actor, context.Now, file: null, message.State);
        context.Store.SetState(message.Id, MessageState.Deciding);
        context.Store.Audit(context.Now, message.Id, message.QueueId, actor, "decision accepted", Word(action));
        return Carry(decision);
    }

    private DecisionRecord? Take(string file)
    {
        var name = Path.GetFileName(file);
        if (_decisions.HasFile(name))
        {
            Remove(file); // taken before; the run that took it died before removing it
            return null;
        }

        // posttls owns the spool: anything there may be planted. It is read only when it is a
        // small regular file of posttls's, and otherwise set aside without being looked into.
        var read = _spool.Read(name);
        if (read.IsMissing)
        {
            return null;
        }

        if (read.Text is null || !DecisionFile.TryParse(read.Text, out var request))
        {
            var why = read.Refusal ?? "not a decision file";
            context.Log.Warning($"{name}: {why}; {(context.DryRun ? "would be set aside" : _spool.SetAside(name))}");
            return null;
        }

        var message = context.Store.FindByKey(request.MessageKey);
        if (message is null || !Addresses.EnvelopeAddress.Same(message.Sender, request.Sender))
        {
            context.Log.Warning($"{name}: no message {request.MessageKey} from <{request.Sender}>; ignored");
            Remove(file);
            return null;
        }

        if (_decisions.ForMessage(message.Id) is { } earlier)
        {
            Confirm(message, ConfirmationOutcome.AlreadyDecided, detail: $"{Word(earlier.Action)}, {earlier.DecidedBy}");
            context.Store.Audit(context.Now, message.Id, message.QueueId, "sender:" + request.Sender, "decision refused", "already decided");
            Remove(file);
            return null;
        }

        if (message.State is MessageState.Held && request.Action == SenderAction.Release)
        {
            // Held by never_insecure_action = hold: the administrator decides, not a release.
            Confirm(message, ConfirmationOutcome.NotAllowed);
            context.Store.Audit(context.Now, message.Id, message.QueueId, "sender:" + request.Sender, "decision refused", "held for the administrator");
            Remove(file);
            return null;
        }

        if (message.State is MessageState.Closed)
        {
            Confirm(message, ConfirmationOutcome.NoLongerWaiting);
            context.Store.Audit(context.Now, message.Id, message.QueueId, "sender:" + request.Sender, "decision refused", message.Outcome ?? "closed");
            Remove(file);
            return null;
        }

        var decision = _decisions.Insert(message.Id, request.Action, "sender:" + request.Sender, request.DecidedAt.ToUnixTimeSeconds(), name, message.State);
        context.Store.SetState(message.Id, MessageState.Deciding);
        context.Store.Audit(context.Now, message.Id, message.QueueId, decision.DecidedBy, "decision accepted", Word(request.Action));
        context.Log.Info($"{message.QueueId}: key={message.Key}, {decision.DecidedBy} decided: {Word(request.Action)}");
        Remove(file);
        return decision;
    }

    /// <summary>
    /// Takes a decision as far as it can go; false when it stopped (logged; the next run goes on)
    /// or ended without being carried out. Whatever one message throws stays with it, unless
    /// it leaves no message workable (<see cref="Faults.StopsTheRun"/>).
    /// </summary>
    private bool Carry(DecisionRecord decision)
    {
        var message = context.Store.FindById(decision.MessageId)!;
        try
        {
            return decision.Action == SenderAction.Delete ? CarryDelete(decision, message) : CarryRelease(decision, message);
        }
        catch (Exception e) when (!Faults.StopsTheRun(e))
        {
            return Stopped(decision, message, e);
        }
    }

    /// <summary>
    /// Every step records its intent before it acts, and acting again is harmless (holding a
    /// held message; deleting only what still holds our message), so a run killed between
    /// the two is finished by the next.
    /// </summary>
    private bool CarryDelete(DecisionRecord decision, TrackedMessage message)
    {
        var step = decision.Step;
        if (step == DecisionStep.Accepted)
        {
            if (!context.DryRun && !_actions.StillHolds(message))
            {
                return Fail(decision, message, "the message is no longer in the queue");
            }

            step = Advance(decision, DecisionStep.Deleted);
        }

        if (step == DecisionStep.Deleted)
        {
            EnsureDeleted(message);
            Finish(decision, message, "deleted by " + decision.DecidedBy, ConfirmationOutcome.Deleted, [], []);
        }

        return true;
    }

    private void EnsureDeleted(TrackedMessage message)
    {
        if (context.DryRun)
        {
            context.Report.WriteLine($"would run postsuper -d {message.QueueId}");
            return;
        }

        if (_actions.StillHolds(message))
        {
            var result = context.Queue.Postsuper("-d", message.QueueId);
            if (!result.Succeeded)
            {
                throw new Postfix.PostfixException($"postsuper -d {message.QueueId} failed: {result.FirstErrorLine}");
            }
        }
    }

    private bool CarryRelease(DecisionRecord decision, TrackedMessage message)
    {
        var step = decision.Step;
        if (step == DecisionStep.Accepted)
        {
            if (!context.DryRun && !_actions.StillHolds(message))
            {
                return Fail(decision, message, "the message is no longer in the queue");
            }

            if (new MessageDetailsReader(context.Queue, context.Log).ReadOne(message.QueueId) is { } unheld
                && RefusedRoute(decision, message, Route(message, unheld), held: false))
            {
                return false;
            }

            step = Advance(decision, DecisionStep.Held);
        }

        if (step == DecisionStep.Held)
        {
            // Hold first (again, if a run died here): nothing delivers or expires it meanwhile.
            NoteHold(decision, message);
            if (!_actions.Apply(Configuration.PolicyAction.Hold, message))
            {
                return Fail(decision, message, "the message is no longer in the queue");
            }

            if (!Plan(decision, message))
            {
                return false;
            }

            step = Advance(decision, DecisionStep.Planned);
        }

        var groups = _decisions.Groups(decision.Id);
        if (step == DecisionStep.Planned)
        {
            var content = context.Queue.Content(message.QueueId)
                ?? throw new Postfix.PostfixException($"cannot read the content of {message.QueueId}");
            var details = (_planned is { } planned && planned.QueueId == message.QueueId ? planned.Details : null)
                ?? new MessageDetailsReader(context.Queue, context.Log).ReadOne(message.QueueId)
                ?? throw new Postfix.PostfixException($"cannot read the envelope of {message.QueueId}");
            _planned = null;
            foreach (var group in groups.Where(g => g.NewQueueId is null))
            {
                Submit(decision, message, details, content, group);
            }

            step = Advance(decision, DecisionStep.Submitted);
            groups = _decisions.Groups(decision.Id);
        }

        if (step == DecisionStep.Submitted)
        {
            step = Advance(decision, DecisionStep.Deleted);
        }

        if (step == DecisionStep.Deleted)
        {
            EnsureDeleted(message);
            var released = groups.Where(g => g.NextHop is not null).SelectMany(g => g.Recipients).ToList();
            var kept = groups.Where(g => g.NextHop is null).SelectMany(g => g.Recipients).ToList();
            var newIds = string.Join(", ", groups.Select(g => $"{g.NewQueueId} ({(g.NextHop is null ? "normal routing" : "to " + g.NextHop + " without TLS")}: {string.Join(" ", g.Recipients)})"));
            context.Store.Audit(context.Now, message.Id, message.QueueId, decision.DecidedBy, "released", newIds);
            Finish(decision, message, "sent without encryption by " + decision.DecidedBy, ConfirmationOutcome.Released, released, kept);
        }

        return true;
    }

    /// <summary>
    /// Splits the still-pending recipients: those that failed for TLS, outside never-insecure
    /// domains, go per next hop to smtp-insecure; the others are resubmitted unchanged, so no
    /// recipient is lost or doubled by the split.
    /// </summary>
    private bool Plan(DecisionRecord decision, TrackedMessage message)
    {
        var details = new MessageDetailsReader(context.Queue, context.Log).ReadOne(message.QueueId);
        if (details is null)
        {
            context.Log.Error($"{message.QueueId}: cannot read the held message; the next run tries again");
            return false;
        }

        var route = Route(message, details);
        if (RefusedRoute(decision, message, route, held: true))
        {
            return false; // the configuration changed since the check before the hold
        }

        var releasable = route.Releasable;
        if (releasable.Count == 0)
        {
            if (context.DryRun)
            {
                context.Report.WriteLine($"would refuse: no recipient of {message.QueueId} may be sent without encryption");
                return false;
            }

            // Released from hold before the decision is closed: a message left on hold would
            // never be delivered, expired or offered to its sender again.
            Unhold(message);

            Confirm(message, ConfirmationOutcome.NotAllowed);
            _decisions.SetStep(decision.Id, DecisionStep.Failed, context.Now, "nothing may be released");
            context.Store.SetState(message.Id, MessageState.Open);
            context.Store.Audit(context.Now, message.Id, message.QueueId, decision.DecidedBy, "release refused", "no recipient may be sent without encryption");
            return false;
        }

        RefuseUnsendable(details); // before anything is submitted, so that nothing goes out half way
        _decisions.ForgetGroups(decision.Id); // a run that died while planning left some
        foreach (var group in releasable.GroupBy(x => x.NextHop, StringComparer.OrdinalIgnoreCase))
        {
            _decisions.AddGroup(decision.Id, group.Key, group.Select(x => x.Recipient).ToList());
        }

        var kept = details.PendingRecipients.Where(r => !releasable.Any(x => x.Recipient == r)).ToList();
        if (kept.Count > 0)
        {
            _decisions.AddGroup(decision.Id, null, kept);
        }

        _planned = (message.QueueId, details);
        return true;
    }

    private RoutePlan Route(TrackedMessage message, MessageDetails details) =>
        RoutePlan.ForMessage(context, message, details, _resolver ??= new NextHopResolver(context.Queue));

    /// <summary>
    /// A next hop that cannot go into the routing header: the whole decision is refused, the
    /// message stays queued as it was (released from hold when it was held), the sender is told
    /// why and may still decide otherwise.
    /// </summary>
    private bool RefusedRoute(DecisionRecord decision, TrackedMessage message, RoutePlan route, bool held)
    {
        if (route.Unroutable.Count == 0)
        {
            return false;
        }

        if (context.DryRun)
        {
            context.Report.WriteLine($"would refuse: {message.QueueId} cannot be released: {route.Reason}");
            return true;
        }

        if (held && context.Queue.Postsuper("-H", message.QueueId) is { Succeeded: false } unhold)
        {
            throw new Postfix.PostfixException($"postsuper -H {message.QueueId} failed: {unhold.FirstErrorLine}");
        }

        context.Log.Error($"{message.QueueId}: key={message.Key}: send without encryption refused, no copy can be routed: {route.Reason}");
        _decisions.SetStep(decision.Id, DecisionStep.Failed, context.Now, "next hop cannot be released to");
        context.Store.SetState(message.Id, MessageState.Open);
        context.Store.Audit(context.Now, message.Id, message.QueueId, decision.DecidedBy, "release refused", route.Reason);
        Confirm(message, ConfirmationOutcome.Failed,
            detail: $"a copy without encryption cannot be routed to the mail server of {string.Join(", ", route.Unroutable.Select(u => u.Recipient))} "
                + $"({string.Join("; ", route.Unroutable.Select(u => u.Why))}); the message is still waiting for encrypted delivery, and you may still delete it");
        return true;
    }

    private void Submit(DecisionRecord decision, TrackedMessage message, MessageDetails details, byte[] content, ReleaseGroup group)
    {
        var dsn = DsnParameters.From(details);
        var eightBit = content.Any(b => b >= 0x80);
        var utf8 = !details.Sender.All(char.IsAscii) || group.Recipients.Any(r => !r.All(char.IsAscii));
        var mailParameters = dsn.Mail.Concat(eightBit ? ["BODY=8BITMIME"] : []).Concat(utf8 ? ["SMTPUTF8"] : []).ToList();
        var envelope = new SmtpEnvelope(details.Sender,
            group.Recipients.Select(r => new SmtpRecipient(r, dsn.For(r))).ToList(), mailParameters);
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
            _decisions.Submitted(group.Id, "-", context.Now);
            return;
        }

        var client = new SmtpClient(new SmtpClientOptions
        {
            Endpoint = SmtpEndpoint.Unix(ReleaseSocket()),
            OnConnectRetry = warning => context.Log.Warning("release listener: " + warning),
        });
        var result = client.Submit(envelope, stream);
        var newId = result.QueueId ?? "-";
        _decisions.Submitted(group.Id, newId, context.Now);
        context.Log.Info($"{message.QueueId}: key={message.Key}, {(group.NextHop is null ? "resubmitted" : "released to " + group.NextHop)} as {newId}: {string.Join(" ", group.Recipients)}");
        if (freshTag is not null)
        {
            context.Store.Audit(context.Now, message.Id, message.QueueId, decision.DecidedBy, "resubmitted",
                $"{newId} for {string.Join(" ", group.Recipients)}, a message of its own with key {MessageKeys.FromTag(freshTag)}");
        }
    }

    /// <summary>Asked of postconf once per run, not once per release.</summary>
    private string ReleaseSocket() => _releaseSocket ??= FindReleaseSocket();

    private string FindReleaseSocket()
    {
        var queueDirectory = context.Queue.Parameters("queue_directory").GetValueOrDefault("queue_directory")
            ?? throw new Postfix.PostfixException("postconf did not name queue_directory");
        return Path.Combine(queueDirectory, "private", context.Settings.ReleaseService);
    }

    private void Finish(DecisionRecord decision, TrackedMessage message, string outcome, ConfirmationOutcome confirmation,
        IReadOnlyList<string> released, IReadOnlyList<string> kept)
    {
        context.Store.Close(message.Id, outcome, context.Now);
        if (decision.Action == SenderAction.Delete)
        {
            context.Store.Audit(context.Now, message.Id, message.QueueId, decision.DecidedBy, "deleted", "");
        }

        if (!context.DryRun)
        {
            _spool.MarkDone(message.Key, outcome);
        }

        // Done is recorded before the confirmation is handed on, as notices are: a run killed
        // in between sends none rather than a second one when the next run finishes again.
        _decisions.SetStep(decision.Id, DecisionStep.Done, context.Now, outcome);
        Confirm(message, confirmation, released: released, kept: kept);
        context.Log.Info($"{message.QueueId}: key={message.Key}, {outcome}");
    }

    private bool Fail(DecisionRecord decision, TrackedMessage message, string why)
    {
        _decisions.SetStep(decision.Id, DecisionStep.Failed, context.Now, why);
        context.Store.Close(message.Id, "decision failed: " + why, context.Now);
        context.Store.Audit(context.Now, message.Id, message.QueueId, decision.DecidedBy, "decision failed", why);
        Confirm(message, ConfirmationOutcome.Failed, detail: why);
        return false;
    }

    private DecisionStep Advance(DecisionRecord decision, DecisionStep step)
    {
        _decisions.SetStep(decision.Id, step, context.Now);
        return step;
    }

    private void Confirm(TrackedMessage message, ConfirmationOutcome outcome, string? detail = null,
        IReadOnlyList<string>? released = null, IReadOnlyList<string>? kept = null)
    {
        if (message.Sender.Length == 0)
        {
            return; // the null sender cannot be told anything
        }

        byte[] mail;
        try
        {
            mail = context.Composer.ComposeConfirmation(new Confirmation(outcome, message.Sender, message.Subject, message.MessageIdHeader,
                released ?? [], kept ?? [], detail));
        }
        catch (ArgumentException e)
        {
            // An address no mail can be written to: the decision stands, only the sender cannot hear of it.
            context.Log.Error($"{message.QueueId}: cannot write the confirmation to <{message.Sender}>: {e.Message}");
            return;
        }

        if (context.SendMail(message.Sender, mail, $"would confirm to <{message.Sender}>: {outcome}") is { } error)
        {
            context.Log.Error($"{message.QueueId}: cannot send the confirmation to <{message.Sender}>: {error}");
        }
    }

    private void Remove(string file)
    {
        if (!context.DryRun)
        {
            _spool.Remove(Path.GetFileName(file));
        }
    }

    private static string Word(SenderAction action) => action == SenderAction.Release ? "send without encryption" : "delete";
}
