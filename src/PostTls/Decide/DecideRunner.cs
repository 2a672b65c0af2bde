using System.Globalization;
using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Logging;
using PostTls.Postfix;
using PostTls.Spool;
using PostTls.Tagging;
using PostTls.Text;

namespace PostTls.Decide;

/// <summary>
/// The body of <c>posttls decide</c>: check the action address a sender mailed, and drop the
/// decision for apply. It never opens the database and never calls postsuper. A bad request
/// bounces with one line that says why (pipe(8) takes a leading enhanced status code as the
/// delivery status); its own transient failures exit 75 so Postfix retries.
/// </summary>
/// <param name="postfix">The instance, for the login check (postconf, postmap); made when first needed.</param>
internal sealed class DecideRunner(PostTlsSettings settings, byte[] key, TimeProvider clock, MailLog log, Func<IPostfixQueue>? postfix = null)
{
    /// <summary>Longer than any login Postfix passes on; anything longer is not taken for one.</summary>
    private const int MaxLoginLength = 1024;

    /// <summary>pipe(8) bounces on EX_NOPERM; the text carries the 5.7.1 status.</summary>
    public const int Rejected = ExitCodes.NoPermission;

    /// <param name="login">The SASL login the decision mail was submitted with (pipe(8) ${sasl_username}); empty or null without one.</param>
    public int Run(string sender, IReadOnlyList<string> recipients, Stream input, TextWriter output, string? login = null)
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

        if (!string.IsNullOrEmpty(login) && CheckLogin(output, login, sender, address, token!) is { } refused)
        {
            return refused;
        }

        var spool = new DecisionSpool(settings.SpoolDirectory);
        if (token!.Purpose != TokenPurpose.Forget && spool.Done(token.MessageKey) is { } done)
        {
            return Reject(output, sender, address, $"a decision for this message was already carried out: {done}");
        }

        try
        {
            spool.Drop(new DecisionFile(token.Action, token.MessageKey, sender, clock.GetUtcNow(), token.Purpose, token.DomainDigest));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Warning($"from=<{sender}>: cannot write to {settings.SpoolDirectory}: {e.Message}; deferred");
            throw new Problem($"posttls decide: cannot write to {settings.SpoolDirectory}: {e.Message}; Postfix will retry", ExitCodes.TempFail);
        }

        log.Info($"key={token.MessageKey}: from=<{sender}>{(string.IsNullOrEmpty(login) ? "" : $", login={login}")}, action={Word(token)}, accepted");
        return ExitCodes.Ok;
    }

    /// <summary>A login must own the original sender (<see cref="LoginOwnership"/>): a forwarded notice is no use to anyone else.</summary>
    /// <returns>The exit status of the refusal; null when the login owns the sender.</returns>
    private int? CheckLogin(TextWriter output, string login, string sender, string address, ActionToken token)
    {
        var why = $"you are logged in as {SafeText.Cut(login, 100)}, which does not own <{sender}>; only the sender of the original message can use this action address";
        if (login.Length > MaxLoginLength)
        {
            return Reject(output, sender, address, why, detail: "login too long");
        }

        (bool Owns, string Basis) verdict;
        try
        {
            verdict = new LoginOwnership((postfix ?? (() => new PostfixQueue(settings.PostfixConfigDirectory, "", settings.PostfixCommandTimeLimit)))()).Judge(login, sender);
        }
        catch (Exception e) when (e is PostfixException or ArgumentException)
        {
            log.Warning($"key={token.MessageKey}: from=<{sender}>, login={login}: cannot tell whether the login owns the sender: {e.Message}; deferred");
            throw new Problem(SafeText.Clean($"posttls decide: cannot tell whether login {login} owns <{sender}>: {e.Message}; Postfix will retry"), ExitCodes.TempFail);
        }

        return verdict.Owns ? null : Reject(output, sender, address, why, detail: verdict.Basis);
    }

    private int Reject(TextWriter output, string sender, string address, string why, string status = "5.7.1", string? detail = null)
    {
        log.Info($"from=<{sender}>, to=<{address}>: rejected: {why}{(detail is null ? "" : $" ({detail})")}");

        // pipe(8) makes this the bounce text: one line, whatever the sender address holds.
        output.WriteLine($"{status} Nothing was done: {SafeText.Clean(why)}.");
        return Rejected;
    }

    private static string Word(ActionToken token) => token.Purpose switch
    {
        TokenPurpose.Remember => "remember",
        TokenPurpose.Forget => "forget",
        _ => token.Action.ToString().ToLowerInvariant(),
    };

    /// <summary>The mail's content means nothing here; read it so pipe(8) never sees a broken pipe.</summary>
    private static void Drain(Stream input)
    {
        var buffer = new byte[16 * 1024];
        while (input.Read(buffer, 0, buffer.Length) > 0)
        {
        }
    }
}
