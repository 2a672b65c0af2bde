using PostTls.Addresses;
using PostTls.Configuration;
using PostTls.Logging;
using PostTls.Notify;
using PostTls.Postfix;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.Run;

/// <summary>What one sweep works with. In a dry run nothing outside the process is changed:
/// commands that act are described on <see cref="Report"/> instead, and the database work
/// is rolled back.</summary>
/// <param name="Mail">The action domain and composer of PostTLS's own mail, resolved at first use.</param>
internal sealed record RunContext(
    PostTlsSettings Settings,
    IPostfixQueue Queue,
    StateDatabase Database,
    TimeProvider Clock,
    MailLog Log,
    byte[] Key,
    MailIdentity Mail,
    bool DryRun,
    TextWriter Report)
{
    public MessageStore Store { get; } = new(Database);

    /// <summary>Resolved: action_domain, or Postfix's myhostname.</summary>
    /// <exception cref="PostfixException">postconf cannot be run (action_domain empty).</exception>
    public string ActionDomain => Mail.ActionDomain;

    /// <exception cref="PostfixException">postconf cannot be run (action_domain empty).</exception>
    public NotificationComposer Composer => Mail.Composer;

    public long Now => Clock.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>admin_address in internal form (the setting may be written quoted, as on a command line).</summary>
    public string AdminAddress => EnvelopeAddress.ToInternal(Settings.AdminAddress);

    /// <summary>
    /// Hands a mail PostTLS wrote (notice, alert, confirmation) to the notify listener (or sendmail), from
    /// notification_envelope_sender; in a dry run writes <paramref name="dryRunLine"/> instead.
    /// </summary>
    /// <returns>null when it was handed on (or in a dry run), else sendmail's first error line.</returns>
    public string? SendMail(string recipient, byte[] mail, string dryRunLine)
    {
        if (DryRun)
        {
            Report.WriteLine(dryRunLine);
            return null;
        }

        var result = Queue.Sendmail(EnvelopeAddress.ToInternal(Settings.NotificationEnvelopeSender), recipient, mail);
        return result.Succeeded ? null : result.FirstErrorLine;
    }

    /// <summary>
    /// Loads the key and prepares what the settings leave to Postfix (action domain, sendmail:
    /// both resolved at first use), so the sweep and the administrator's commands act with the
    /// same key, queue and composer.
    /// </summary>
    /// <exception cref="SecretKeyException">The key cannot be read.</exception>
    public static RunContext Create(PostTlsSettings settings, StateDatabase database, TimeProvider clock, MailLog log,
        bool dryRun, TextWriter report, Func<PostTlsSettings, IPostfixQueue>? queueFactory = null)
    {
        var key = SecretKey.Load(settings.SecretKeyFile);
        var queue = (queueFactory ?? RealQueue)(settings);
        return new RunContext(settings, queue, database, clock, log, key, MailIdentity.For(settings, clock), dryRun, report);
    }

    public static IPostfixQueue RealQueue(PostTlsSettings settings) => PostfixQueue.For(settings);
}
