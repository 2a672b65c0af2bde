using System.Net;
using PostTls.Addresses;
using PostTls.Smtp;

namespace PostTls.Filter;

/// <summary>
/// Hands the tagged copy to Postfix's reinjection listener over SMTP, as FILTER_README's
/// advanced content filter does. Postfix queues the copy only when it receives the final ".",
/// which is sent after the whole input has been read and its writer is known to be alive: a
/// filter that fails, times out or is killed at any point leaves nothing queued.
/// </summary>
/// <param name="heloName">The secret name the listener admits (<see cref="Tagging.ReinjectHelo"/>).</param>
internal sealed class SmtpReinjection(IPEndPoint address, string heloName, SmtpForward forward, TimeSpan timeLimit, Action<string> warn)
{
    /// <exception cref="SmtpException">The listener refused the copy or could not be reached; nothing was queued unless <see cref="SmtpException.OutcomeUnknown"/>.</exception>
    /// <exception cref="IOException">Reading the input failed; nothing was queued.</exception>
    /// <exception cref="WriterDiedException">The input ended because its writer died; nothing was queued.</exception>
    public FilterOutcome Reinject(string sender, IReadOnlyList<string> recipients, Stream input, Func<FilterOutcome, bool> writerDied,
        Func<Stream, Stream, FilterOutcome> rewrite, CancellationToken abort)
    {
        var client = new SmtpClient(new SmtpClientOptions
        {
            Endpoint = SmtpEndpoint.Loopback(address),
            HeloName = heloName,
            Forward = forward,
            // The filter's own time limit bounds the whole run and reports it; these only keep one
            // step from using all of a long one, and never run out before it.
            CommandTimeout = Min(SmtpClientOptions.DefaultCommandTimeout, timeLimit + Margin),
            DataEndTimeout = Min(SmtpClientOptions.DefaultDataEndTimeout, timeLimit + Margin),
            ConnectRetries = 2,
            AwaitQuitReply = false,
            OnConnectRetry = warn,
            OnForwardRefused = warn,
        });
        var envelope = Envelope(sender, recipients);
        FilterOutcome? outcome = null;
        client.Submit(envelope, data =>
        {
            outcome = rewrite(input, data);
            if (writerDied(outcome))
            {
                throw new WriterDiedException(outcome.Size);
            }
        }, abort);
        return outcome!;
    }

    /// <summary>
    /// pipe(8) with flags=q gives addresses in their external, quoted form; the client wants
    /// Postfix's internal one. SMTPUTF8 is asked for when an address needs it. pipe(8) does not
    /// say whether the submission asked for it, and the listener's smtpd does not look
    /// (smtputf8_autodetect_classes defaults to sendmail, verify): a message with UTF-8 in its
    /// headers only is reinjected without the flag, so Postfix's smtp(8) may send it to a server
    /// that does not announce SMTPUTF8, which it would not do with a flagged message. Turning
    /// autodetection on for the listener would flag mail its sender never flagged instead, and
    /// keep that from such servers.
    /// </summary>
    private static SmtpEnvelope Envelope(string sender, IReadOnlyList<string> recipients)
    {
        var internalSender = EnvelopeAddress.ToInternal(sender);
        var internalRecipients = recipients.Select(r => new SmtpRecipient(EnvelopeAddress.ToInternal(r))).ToArray();
        var utf8 = !System.Text.Ascii.IsValid(internalSender) || internalRecipients.Any(r => !System.Text.Ascii.IsValid(r.Address));
        return new SmtpEnvelope(internalSender, internalRecipients, utf8 ? ["SMTPUTF8"] : []);
    }

    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
