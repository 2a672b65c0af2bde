using System.Globalization;
using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Logging;
using PostTls.Tagging;
using PostTls.Text;

namespace PostTls.Decisions;

/// <summary>
/// The body of <c>posttls decide</c>: check the action address a sender mailed, and drop the
/// decision for apply. It never opens the database and never calls postsuper. A bad request
/// bounces with one line that says why (pipe(8) takes a leading enhanced status code as the
/// delivery status); its own transient failures exit 75 so Postfix retries.
/// </summary>
internal sealed class DecideRunner(PostTlsSettings settings, byte[] key, TimeProvider clock, MailLog log)
{
    /// <summary>pipe(8) bounces on EX_NOPERM; the text carries the 5.7.1 status.</summary>
    public const int Rejected = ExitCodes.NoPermission;

    public int Run(string sender, IReadOnlyList<string> recipients, Stream input, TextWriter output)
    {
        Drain(input);
        if (recipients.Count != 1)
        {
            log.Warning($"from=<{sender}>: {recipients.Count} recipients in one delivery; set posttls-decide_destination_recipient_limit = 1 in main.cf");
            throw new Problem("posttls decide: expected exactly one recipient (posttls-decide_destination_recipient_limit = 1); Postfix will retry", ExitCodes.TempFail);
        }

        var address = recipients[0];
        var at = address.LastIndexOf('@');
        var localPart = at > 0 ? address[..at] : address;
        if (sender.Length == 0)
        {
            return Reject(output, sender, address, "mail from the null sender cannot decide anything");
        }

        var status = ActionTokens.Verify(key, localPart, sender, clock.GetUtcNow(), out var token);
        switch (status)
        {
            case TokenStatus.Malformed:
                return Reject(output, sender, address, "this is not a valid PostTLS action address", "5.1.1");
            case TokenStatus.Forged:
                return Reject(output, sender, address,
                    $"this action address was not issued to <{sender}>, or it was altered; only the sender of the original message can use it");
            case TokenStatus.Expired:
                return Reject(output, sender, address,
                    $"this action expired on {token!.Expires.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC");
        }

        var spool = new DecisionSpool(settings.SpoolDirectory);
        if (spool.Done(token!.MessageKey) is { } done)
        {
            return Reject(output, sender, address, $"a decision for this message was already carried out: {done}");
        }

        try
        {
            spool.Drop(new DecisionFile(token.Action, token.MessageKey, sender, clock.GetUtcNow()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Warning($"from=<{sender}>: cannot write to {settings.SpoolDirectory}: {e.Message}; deferred");
            throw new Problem($"posttls decide: cannot write to {settings.SpoolDirectory}: {e.Message}; Postfix will retry", ExitCodes.TempFail);
        }

        log.Info($"key={token.MessageKey}: from=<{sender}>, action={token.Action.ToString().ToLowerInvariant()}, accepted");
        return ExitCodes.Ok;
    }

    private int Reject(TextWriter output, string sender, string address, string why, string status = "5.7.1")
    {
        log.Info($"from=<{sender}>, to=<{address}>: rejected: {why}");

        // pipe(8) makes this the bounce text: one line, whatever the sender address holds.
        output.WriteLine($"{status} Nothing was done: {SafeText.Clean(why)}.");
        return Rejected;
    }

    /// <summary>The mail's content means nothing here; read it so pipe(8) never sees a broken pipe.</summary>
    private static void Drain(Stream input)
    {
        var buffer = new byte[16 * 1024];
        while (input.Read(buffer, 0, buffer.Length) > 0)
        {
        }
    }
}
