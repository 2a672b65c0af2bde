using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Logging;
using PostTls.Postfix;
using PostTls.Tagging;

namespace PostTls.Filter;

/// <summary>
/// The body of <c>posttls filter</c>: tag one message and hand it to sendmail. Every failure
/// is a <see cref="Problem"/> with exit status 75, so Postfix keeps the message and retries;
/// 0 is returned only after sendmail accepted the copy.
/// </summary>
/// <param name="onStuck">Called when the message could not be abandoned in time after the time
/// limit (e.g. reading the input hangs); the command exits 75 there.</param>
/// <param name="graceAfterTimeout">How long the main thread gets to wind up after the time limit
/// before <paramref name="onStuck"/> is called; 10 s when not given.</param>
/// <param name="writerDied">Asked once the input has ended, before sendmail is let go: true when the
/// writer (pipe(8)) died, so the end was not the message's end. Never when not given.</param>
/// <param name="clock">Dates the tag; the system clock when not given.</param>
internal sealed class FilterRunner(PostTlsSettings settings, MailLog log, Action onStuck, TimeSpan? graceAfterTimeout = null,
    Func<bool>? writerDied = null, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly TimeSpan _grace = graceAfterTimeout ?? TimeSpan.FromSeconds(10);
    private readonly ManualResetEventSlim _finished = new();
    private volatile bool _timedOut;

    public int Run(string sender, IReadOnlyList<string> recipients, Stream input)
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

        var sendmailPath = ResolveSendmail();
        SendmailProcess? sendmail = null;
        // Armed before sendmail starts, so that nothing can fail between the two.
        using var watchdog = new Timer(_ => TimeOut(sendmail), null, Timeout.Infinite, Timeout.Infinite);
        try
        {
            sendmail = SendmailProcess.Start(sendmailPath, SendmailProcess.Arguments(settings.PostfixConfigDirectory, sender, recipients));
            watchdog.Change(settings.ReinjectTimeLimit, Timeout.InfiniteTimeSpan);
            return Reinject(sendmail, sendmailPath, sender, recipients.Count, input, key);
        }
        catch (PostfixException e)
        {
            throw Fail(e.Message);
        }
        finally
        {
            watchdog.Change(Timeout.Infinite, Timeout.Infinite);
            _finished.Set();
            sendmail?.Dispose();
        }
    }

    private int Reinject(SendmailProcess sendmail, string sendmailPath, string sender, int recipientCount, Stream input, byte[] key)
    {
        FilterOutcome outcome;
        try
        {
            outcome = MessageRewriter.Rewrite(input, sendmail.Input, sender, () => MessageTag.Create(key, sender, _clock.GetUtcNow()));
            sendmail.Input.Flush();
        }
        catch (IOException e)
        {
            sendmail.Abort();
            throw Fail(_timedOut ? TimeoutMessage : $"cannot pass the message to {sendmailPath}: {e.Message}{Detail(sendmail)}");
        }

        // Closing sendmail's input commits whatever it has: a cut-short message must not get there.
        if (writerDied?.Invoke() == true)
        {
            sendmail.Abort();
            throw Fail($"the input ended because its writer died, after {outcome.Size} bytes; nothing reinjected");
        }

        var status = sendmail.Finish();
        if (status != 0 && _timedOut)
        {
            throw Fail(TimeoutMessage);
        }

        if (status != 0)
        {
            var how = status > 128 ? $"was killed by signal {status - 128}" : $"failed with status {status}";
            throw Fail($"{sendmailPath} {how}{Detail(sendmail)}");
        }

        LogDelivered(sender, recipientCount, outcome);
        return ExitCodes.Ok;
    }

    private string TimeoutMessage =>
        $"reinjection did not finish within {settings.ReinjectTimeLimit.TotalSeconds:0} s ({SettingNames.ReinjectTimeLimit})";

    private static string Detail(SendmailProcess sendmail) =>
        sendmail.FirstErrorLine is { Length: > 0 } line ? ": " + line : "";

    private string ResolveSendmail()
    {
        if (settings.SendmailPath.Length > 0)
        {
            return settings.SendmailPath;
        }

        try
        {
            return Postconf.Get(settings.PostfixConfigDirectory, "sendmail_path");
        }
        catch (PostfixException e)
        {
            throw Fail(e.Message);
        }
    }

    /// <summary>
    /// Runs on a timer thread. Killing sendmail makes the main thread's writes or wait fail, and
    /// it reports the time-out. Only if the main thread is stuck elsewhere (reading its input)
    /// does <c>onStuck</c> end the process, still with 75, before pipe(8)'s own limit bounces the mail.
    /// </summary>
    private void TimeOut(SendmailProcess? sendmail)
    {
        _timedOut = true;
        sendmail?.Abort();
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
