using PostTls.Configuration;
using PostTls.Logging;
using PostTls.Notify;
using PostTls.Postfix;
using PostTls.State;

namespace PostTls.Sweep;

/// <summary>What one sweep works with. In a dry run nothing outside the process is changed:
/// commands that act are described on <see cref="Report"/> instead, and the database work
/// is rolled back.</summary>
/// <param name="ActionDomain">Resolved: action_domain, or Postfix's myhostname.</param>
internal sealed record SweepContext(
    PostTlsSettings Settings,
    IPostfixQueue Queue,
    StateDatabase Database,
    TimeProvider Clock,
    MailLog Log,
    byte[] Key,
    string ActionDomain,
    NotificationComposer Composer,
    bool DryRun,
    TextWriter Report)
{
    public const string Actor = "sweep";

    public MessageStore Store { get; } = new(Database);

    public long Now => Clock.GetUtcNow().ToUnixTimeSeconds();
}
