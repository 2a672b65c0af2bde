using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Headers;
using PostTls.Logging;
using PostTls.Smtp;
using PostTls.Tagging;
using PostTls.Text;

namespace PostTls.Filter;

/// <summary>
/// The body of <c>posttls filter</c>: tag one message and hand it back to Postfix, over SMTP to
/// the reinjection listener (<see cref="SmtpReinjection"/>) or, the old way, to sendmail
/// (<see cref="SendmailReinjection"/>). 0 is returned only after Postfix accepted the copy.
/// A 5xx from the listener becomes its own enhanced status text on standard error, which
/// pipe(8) returns to the sender; every other failure is a <see cref="Problem"/> with exit
/// status 75, so Postfix keeps the message and retries.
/// </summary>
/// <param name="onStuck">Called when the message could not be abandoned in time after the time
/// limit (e.g. reading the input hangs); the command exits 75 there.</param>
/// <param name="graceAfterTimeout">How long the main thread gets to wind up after the time limit
/// before <paramref name="onStuck"/> is called; 10 s when not given.</param>
/// <param name="writerDied">Asked once the input has ended, before the copy is committed: true when the
/// writer (pipe(8)) died, so the end was not the message's end. Never when not given.</param>
/// <param name="clock">Dates the tag; the system clock when not given.</param>
internal sealed class FilterRunner(PostTlsSettings settings, MailLog log, Action onStuck, TimeSpan? graceAfterTimeout = null,
    Func<bool>? writerDied = null, TimeProvider? clock = null)
{
    /// <summary>pipe(8) bounces on any status but 75 and 71; this one says "the listener refused it for good".</summary>
    public const int Refused = 69;

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly TimeSpan _grace = graceAfterTimeout ?? TimeSpan.FromSeconds(10);
    private readonly ManualResetEventSlim _finished = new();
    private volatile bool _timedOut;

    /// <param name="client">The submitting client, for the listener's log (XFORWARD); unknown when not given.</param>
    public int Run(string sender, IReadOnlyList<string> recipients, Stream input, SmtpForward? client = null)
    {
        if (EnvelopeArguments.Check(sender, recipients) is { } badArgument)
        {
            throw Fail(badArgument);
        }

        byte[] key;
        try
        {
            key = SecretKey.Load(settings.SecretKeyFile);
        }
        catch (SecretKeyException e)
        {
            throw Fail(e.Message);
        }

        var helo = ReinjectHelo.Name(key);
        using var abort = new CancellationTokenSource();
        using var watchdog = new Timer(_ => TimeOut(abort), null, settings.ReinjectTimeLimit, Timeout.InfiniteTimeSpan);
        try
        {
            var outcome = Reinject(sender, recipients, input, key, helo, client ?? SmtpForward.Unknown, abort.Token);
            LogDelivered(sender, recipients.Count, outcome);
            return ExitCodes.Ok;
        }
        catch (SmtpException e) when (!_timedOut && !e.OutcomeUnknown && e.Reply is { IsPermanent: true } reply
            && !e.Message.Contains(helo, StringComparison.OrdinalIgnoreCase))
        {
            // The listener's own words go back to the sender: pipe(8) takes a leading enhanced status code as the verdict.
            var text = SafeText.Clean(string.Join(" ", reply.Lines));
            log.Warning($"from=<{sender}>: the reinjection listener refused the message for good: {reply.Code} {text}; returned to the sender");
            throw new Problem(reply.EnhancedStatus is null ? $"5.3.0 {text}" : text, Refused);
        }
        catch (Exception e) when (e is SmtpException or ReinjectionException or WriterDiedException or IOException or OperationCanceledException or ArgumentException)
        {
            var why = _timedOut ? TimeoutMessage : ReinjectHelo.Hide(e.Message, helo);
            if (e is SmtpException { OutcomeUnknown: true })
            {
                why += "; Postfix may deliver this message twice";
            }

            throw Fail(why);
        }
        finally
        {
            watchdog.Change(Timeout.Infinite, Timeout.Infinite);
            _finished.Set();
        }
    }

    private FilterOutcome Reinject(string sender, IReadOnlyList<string> recipients, Stream input, byte[] key, string helo,
        SmtpForward client, CancellationToken abort)
    {
        FilterOutcome Rewrite(Stream from, Stream to) =>
            MessageRewriter.Rewrite(from, to, sender, () => MessageTag.Create(key, sender, _clock.GetUtcNow()));
        bool WriterDied(FilterOutcome outcome) => writerDied?.Invoke() == true;

        if (settings.ReinjectAddress is { } address)
        {
            return new SmtpReinjection(address, helo, client, settings.ReinjectTimeLimit, m => log.Warning(ReinjectHelo.Hide(m, helo)))
                .Reinject(sender, recipients, input, WriterDied, Rewrite, abort);
        }

        return new SendmailReinjection(settings).Reinject(sender, recipients, input, WriterDied, Rewrite, abort);
    }

    private string TimeoutMessage =>
        $"reinjection did not finish within {settings.ReinjectTimeLimit.TotalSeconds:0} s ({SettingNames.ReinjectTimeLimit})";

    /// <summary>
    /// Runs on a timer thread. Aborting closes the connection (or kills sendmail), which makes
    /// the main thread's writes or waits fail, and it reports the time-out. Only if the main
    /// thread is stuck elsewhere (reading its input) does <c>onStuck</c> end the process, still
    /// with 75, before pipe(8)'s own limit bounces the mail.
    /// </summary>
    private void TimeOut(CancellationTokenSource abort)
    {
        _timedOut = true;
        try
        {
            abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        if (!_finished.Wait(_grace))
        {
            log.Warning(TimeoutMessage + "; message deferred");
            onStuck();
        }
    }

    private void LogDelivered(string sender, int recipientCount, FilterOutcome outcome)
    {
        var what = outcome.Decision switch
        {
            TagDecision.Tag => "reinjected",
            TagDecision.NullSender => "reinjected untagged (null sender)",
            TagDecision.AutoSubmitted => "reinjected untagged (Auto-Submitted)",
            TagDecision.MalformedHeader => "reinjected untagged (header block starts with a continuation line)",
            _ => "reinjected untagged (header block over the size limit)",
        };
        if (outcome.Decision == TagDecision.HeaderTooLarge)
        {
            log.Warning($"from=<{sender}>: header block larger than {HeaderBlockReader.DefaultLimit} bytes; passed on untagged, X-PostTLS-* fields removed while streaming");
        }

        var removed = outcome.RemovedFields > 0 ? $", removed {outcome.RemovedFields} forged X-PostTLS header field(s)" : "";
        log.Info($"{outcome.Tag ?? "untagged"}: from=<{sender}>, nrcpt={recipientCount}, size={outcome.Size}, {what}{removed}");
    }

    private Problem Fail(string message)
    {
        log.Warning(message + "; message deferred");
        return new Problem("posttls filter: " + message + "; Postfix will retry", ExitCodes.TempFail);
    }
}
