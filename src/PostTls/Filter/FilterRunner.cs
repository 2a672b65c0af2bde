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
internal sealed class FilterRunner(PostTlsSettings settings, MailLog log, Action onTimeout)
{
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
        SendmailProcess sendmail;
        try
        {
            sendmail = SendmailProcess.Start(sendmailPath, SendmailProcess.Arguments(settings.PostfixConfigDirectory, sender, recipients));
        }
        catch (PostfixException e)
        {
            throw Fail(e.Message);
        }

        using (sendmail)
        using (var watchdog = new Timer(_ => TimeOut(sendmail), null, settings.ReinjectTimeLimit, Timeout.InfiniteTimeSpan))
        {
            FilterOutcome outcome;
            try
            {
                outcome = MessageRewriter.Rewrite(input, sendmail.Input, sender, () => MessageTag.Create(key));
                sendmail.Input.Flush();
            }
            catch (IOException e)
            {
                sendmail.Abort();
                throw Fail($"cannot pass the message to {sendmailPath}: {e.Message} ({sendmail.FirstErrorLine})");
            }

            var status = sendmail.Finish();
            watchdog.Change(Timeout.Infinite, Timeout.Infinite);
            if (status != 0)
            {
                var detail = sendmail.FirstErrorLine;
                throw Fail($"{sendmailPath} failed with status {status}" + (detail.Length > 0 ? ": " + detail : ""));
            }

            LogDelivered(sender, recipients.Count, outcome);
            return ExitCodes.Ok;
        }
    }

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

    private void TimeOut(SendmailProcess sendmail)
    {
        log.Warning($"reinjection did not finish within {settings.ReinjectTimeLimit.TotalSeconds:0} s ({SettingNames.ReinjectTimeLimit}); message left for Postfix to retry");
        sendmail.Abort();
        onTimeout();
    }

    private void LogDelivered(string sender, int recipientCount, FilterOutcome outcome)
    {
        var what = outcome.Decision switch
        {
            TagDecision.Tag => "reinjected",
            TagDecision.NullSender => "reinjected untagged (null sender)",
            TagDecision.AutoSubmitted => "reinjected untagged (Auto-Submitted)",
            _ => "reinjected untagged (header block over the size limit)",
        };
        if (outcome.Decision == TagDecision.HeaderTooLarge)
        {
            log.Warning($"from=<{sender}>: header block larger than {HeaderBlockReader.DefaultLimit} bytes; passed on untagged and unchanged");
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
