using PostTls.Addresses;
using PostTls.Configuration;
using PostTls.Notify;
using PostTls.Text;

namespace PostTls.Check;

/// <summary>
/// The administrator can be told: admin_address is an address a mail can be written to (it
/// gets the alerts about this server's own TLS side and about every decision that could not
/// be carried out), and release_retry_time does not keep a released message on hold past the
/// deadline its sender was given.
/// </summary>
internal sealed class AlertsCheck : ICheck
{
    public IEnumerable<Finding> Run(CheckContext context)
    {
        var settings = context.Settings;
        var admin = EnvelopeAddress.ToInternal(settings.AdminAddress);
        if (!NotificationComposer.IsAddress(admin))
        {
            yield return Finding.Error(CheckArea.Alerts,
                $"admin_address \"{SafeText.Clean(settings.AdminAddress)}\" is not a mail address: alerts about this server's TLS side and about decisions that could not be carried out go nowhere",
                "set admin_address in posttls.conf to a mailbox someone reads, e.g. admin_address = postmaster@example.com, without angle brackets");
        }

        if (settings.ReleaseRetryTime > settings.DecisionTimeout)
        {
            yield return Finding.Warning(CheckArea.Alerts,
                $"release_retry_time ({Describe(settings.ReleaseRetryTime)}) is longer than decision_timeout ({Describe(settings.DecisionTimeout)}): a release the listener keeps refusing holds the message past the deadline its sender was told",
                $"set release_retry_time below decision_timeout in posttls.conf (default {SettingDefinitions.Find(SettingNames.ReleaseRetryTime)!.Default})");
        }
    }

    private static string Describe(TimeSpan time) =>
        time.TotalSeconds % 86400 == 0 ? $"{time.TotalDays:0}d" : time.TotalSeconds % 3600 == 0 ? $"{time.TotalHours:0}h" : $"{time.TotalSeconds:0}s";
}
