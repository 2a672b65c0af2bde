// posttls sweep - find TLS-deferred mail and notify its senders (see man/posttls.8, SWEEP).
//
// Run by root from cron every minute, or by the posttls-sweep.timer systemd unit. Reads the
// queue with postqueue -j, tracks new TLS-deferred messages (one postcat per batch), sends
// notices and reminders, applies never_insecure_action and, at the deadline, default_action.
// A second sweep while one runs exits 0 at once.
using System.CommandLine;
using PostTls.Apply;
using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Logging;
using PostTls.Sweep;

namespace PostTls.Commands;

internal sealed class SweepCommand : Command, IDetailedHelp
{
    private readonly Option<bool> _dryRun = new("--dry-run", "-n")
    {
        Description = "Print what would be done; send nothing, change nothing",
    };

    private readonly CommandHost _host;

    public SweepCommand(CommandHost host)
        : base("sweep", "Find TLS-deferred mail, notify senders, apply policy (root; cron or systemd timer)")
    {
        _host = host;
        Options.Add(_dryRun);
        SetAction(Execute);
    }

    public string Details => """

        Reads the queue (postqueue -j), finds messages whose recipients were deferred because
        TLS failed, and notifies their senders once, with reminders per reminder_schedule.
        Recipients in never-insecure domains are never released; after decision_timeout the
        default_action applies. TLS failures on our own side alert admin_address instead.

        Examples:
          posttls sweep
          posttls sweep --dry-run
          * * * * * root /usr/local/bin/posttls sweep     (/etc/cron.d/posttls)
        """;

    /// <summary>The sweep, as the parsed command and <see cref="RunFastPath"/> run it.</summary>
    public static int Run(CommandHost host, string? configFile, bool dryRun, TextWriter output)
    {
        host.Privileges.RequireRoot("sweep");
        var settings = SettingsLoader.Load(configFile, host.Variable);
        var log = MailLog.For("sweep", settings, host.Clock, Console.Error);
        return SweepSession.Run(settings, host.Clock, log, dryRun, output, DecisionApplier.For);
    }

    private int Execute(ParseResult parseResult) =>
        Run(_host, parseResult.GetValue(GlobalOptions.Config), parseResult.GetValue(_dryRun), parseResult.InvocationConfiguration.Output);
}
