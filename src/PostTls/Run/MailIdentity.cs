using PostTls.Configuration;
using PostTls.Notify;
using PostTls.Postfix;

namespace PostTls.Run;

/// <summary>
/// What PostTLS's own mail is written with: the action domain (action_domain, or Postfix's
/// myhostname) and the composer whose From: and Message-IDs use it. Resolved at first use:
/// with action_domain empty that costs a postconf run, and a steady sweep, which writes no
/// mail, should not pay it every minute. Runs that act for senders resolve it before their
/// first step (<see cref="Resolve"/>), so a postconf that fails stops them before anything is
/// done, as it did when it was resolved at the start of every run. A failed resolution is not
/// kept: the next use asks postconf again.
/// </summary>
internal sealed class MailIdentity
{
    private readonly Func<(string Domain, NotificationComposer Composer)> _resolve;
    private (string Domain, NotificationComposer Composer)? _resolved;

    private MailIdentity(Func<(string Domain, NotificationComposer Composer)> resolve) => _resolve = resolve;

    /// <summary>action_domain, or Postfix's myhostname in lower case.</summary>
    /// <exception cref="PostfixException">postconf cannot be run (action_domain empty).</exception>
    public string ActionDomain => Resolve().Domain;

    /// <exception cref="PostfixException">postconf cannot be run (action_domain empty).</exception>
    public NotificationComposer Composer => Resolve().Composer;

    /// <summary>The identity of <paramref name="settings"/>, resolved when it is first used.</summary>
    public static MailIdentity For(PostTlsSettings settings, TimeProvider clock) => new(() =>
    {
        var domain = settings.ActionDomain.Length > 0
            ? settings.ActionDomain
            : Postconf.Get(settings.PostfixConfigDirectory, "myhostname").ToLowerInvariant();
        var from = settings.NotificationSender.Length > 0 ? settings.NotificationSender : $"Mail Delivery System <MAILER-DAEMON@{domain}>";
        return (domain, new NotificationComposer(new NotificationOptions(settings.Language, from, domain, settings.TemplateDirectory), clock));
    });

    /// <summary>An identity known already (tests, and callers that resolved it themselves).</summary>
    public static MailIdentity Fixed(string actionDomain, NotificationComposer composer) => new(() => (actionDomain, composer));

    /// <summary>Resolves now; later uses cost nothing.</summary>
    /// <exception cref="PostfixException">postconf cannot be run (action_domain empty).</exception>
    public (string Domain, NotificationComposer Composer) Resolve()
    {
        _resolved ??= _resolve(); // a failure is not kept: the next use asks again
        return _resolved.Value;
    }
}
