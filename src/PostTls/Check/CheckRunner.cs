using PostTls.Configuration;
using PostTls.Postfix;

namespace PostTls.Check;

/// <summary>Runs every check, in the order an administrator would fix things.</summary>
internal static class CheckRunner
{
    public static IReadOnlyList<ICheck> All { get; } =
    [
        new TlsPolicyCheck(),
        new TlsRequiredCheck(),
        new FilterServiceCheck(),
        new SubmissionCheck(),
        new ReinjectListenerCheck(),
        new LocalSenderCheck(),
        new NotifyListenerCheck(),
        new DecideServiceCheck(),
        new ActionRoutingCheck(),
        new ActionAccessCheck(),
        new SenderLoginCheck(),
        new ReleaseListenerCheck(),
        new InsecureTransportCheck(),
        new ReleaseNextHopCheck(),
        new AddressMappingCheck(),
        new TagStripCheck(),
        new ServiceAccountCheck(),
        new SecretKeyCheck(),
        new StateDirectoriesCheck(),
        new ScheduleCheck(),
        new AlertsCheck(),
        new LoggingCheck(),
        new ChoiceTemplatesCheck(),
    ];

    /// <exception cref="PostfixException">Postfix could not be queried.</exception>
    public static IReadOnlyList<Finding> Run(PostTlsSettings settings, IPostfixQueue queue, ISystemProbe system, CheckOptions options)
    {
        var context = new CheckContext(settings, PostfixSnapshot.Load(queue), queue, system, options);
        return All.SelectMany(check => check.Run(context)).Distinct().ToList();
    }
}
