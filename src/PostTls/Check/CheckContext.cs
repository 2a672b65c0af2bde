using PostTls.Configuration;
using PostTls.Postfix;

namespace PostTls.Check;

/// <summary>What every check gets: the settings, the instance's configuration, the host and where to look for the schedule.</summary>
internal sealed class CheckContext(PostTlsSettings settings, PostfixSnapshot postfix, IPostfixQueue queue, ISystemProbe system, CheckOptions options)
{
    public PostTlsSettings Settings { get; } = settings;

    public PostfixSnapshot Postfix { get; } = postfix;

    /// <summary>For table look-ups (<c>postmap -q</c>).</summary>
    public IPostfixQueue Queue { get; } = queue;

    public ISystemProbe System { get; } = system;

    public CheckOptions Options { get; } = options;

    /// <summary>action_domain, else Postfix's myhostname.</summary>
    public string ActionDomain =>
        Settings.ActionDomain.Length > 0 ? Settings.ActionDomain : Postfix.Main("myhostname").ToLowerInvariant();

    /// <summary>The posttls account's user and group; null when the user does not exist.</summary>
    public (uint User, uint Group)? Account =>
        System.UserId(Setup.ServiceAccount.Name) is { } user ? (user, System.GroupId(Setup.ServiceAccount.Name) ?? 0) : null;

    /// <summary>The pipe(8) service that runs <c>posttls COMMAND</c>, preferably the one named <paramref name="preferredName"/>.</summary>
    public (Postfix.MasterService Service, PipeCommand Pipe)? PosttlsService(string command, string preferredName)
    {
        var candidates = Postfix.Services
            .Select(s => (Service: s, Pipe: PipeCommand.Of(s)))
            .Where(c => c.Pipe is { RunsPosttls: true } pipe && pipe.Subcommand == command)
            .Select(c => (c.Service, Pipe: c.Pipe!))
            .ToList();
        return candidates.Count == 0 ? null : candidates.FirstOrDefault(c => c.Service.Name == preferredName, candidates[0]);
    }

    /// <summary>Whether an argv (or cron line) makes posttls read the configuration file this check read.</summary>
    public bool UsesThisConfig(string? configFile) =>
        (configFile ?? SettingDefinitions.DefaultConfigFile) == Settings.SourceFile;
}
