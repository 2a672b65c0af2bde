using PostTls.Configuration;
using PostTls.Postfix;

namespace PostTls.Filter;

/// <summary>
/// The old way, for sites whose master.cf has no reinjection listener yet
/// (<c>reinject_address</c> empty): <c>sendmail -G -i</c>. It goes through postdrop and pickup,
/// so pickup must not have the content filter (it would loop), and closing sendmail's input
/// commits what it has: the /proc check of the writer is all that keeps a cut-short copy out.
/// </summary>
internal sealed class SendmailReinjection(PostTlsSettings settings)
{
    /// <exception cref="ReinjectionException">sendmail cannot be run, failed, or was killed.</exception>
    /// <exception cref="WriterDiedException">The input ended because its writer died; sendmail was killed first.</exception>
    public FilterOutcome Reinject(string sender, IReadOnlyList<string> recipients, Stream input, Func<FilterOutcome, bool> writerDied,
        Func<Stream, Stream, FilterOutcome> rewrite, CancellationToken abort)
    {
        var path = ResolveSendmail();
        using var sendmail = Start(path, sender, recipients);
        using var killOnAbort = abort.Register(sendmail.Abort);
        FilterOutcome outcome;
        try
        {
            outcome = rewrite(input, sendmail.Input);
            sendmail.Input.Flush();
        }
        catch (IOException e) when (!abort.IsCancellationRequested)
        {
            sendmail.Abort();
            throw new ReinjectionException($"cannot pass the message to {path}: {e.Message}{Detail(sendmail)}");
        }

        if (writerDied(outcome))
        {
            sendmail.Abort();
            throw new WriterDiedException(outcome.Size);
        }

        var status = sendmail.Finish();
        if (status != 0 && !abort.IsCancellationRequested)
        {
            var how = status > 128 ? $"was killed by signal {status - 128}" : $"failed with status {status}";
            throw new ReinjectionException($"{path} {how}{Detail(sendmail)}");
        }

        abort.ThrowIfCancellationRequested();
        return outcome;
    }

    private SendmailProcess Start(string path, string sender, IReadOnlyList<string> recipients)
    {
        try
        {
            return SendmailProcess.Start(path, SendmailProcess.Arguments(settings.PostfixConfigDirectory, sender, recipients));
        }
        catch (PostfixException e)
        {
            throw new ReinjectionException(e.Message);
        }
    }

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
            throw new ReinjectionException(e.Message);
        }
    }
}
