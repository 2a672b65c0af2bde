// posttls init - create the secret key, directories and a default configuration (see man/posttls.8, INIT).
//
// Run once by root after installing, and again whenever in doubt: it is idempotent. It
// corrects owners and modes of what exists and keeps an existing key unless --force is given.
using System.CommandLine;
using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Setup;

namespace PostTls.Commands;

internal sealed class InitCommand : Command, IDetailedHelp
{
    private readonly Option<bool> _force = new("--force")
    {
        Description = "Replace an existing secret key (invalidates every pending tag and action link)",
    };

    private readonly CommandHost _host;

    public InitCommand(CommandHost host)
        : base("init", "Create the secret key, the data and spool directories and a default posttls.conf (root)")
    {
        _host = host;
        Options.Add(_force);
        SetAction(Execute);
    }

    public string Details => """

            Idempotent: safe to run again; fixes owners and modes, keeps an existing key.

            Examples:
              posttls init
              posttls init --config /etc/posttls/posttls.conf --force
            """;

    private int Execute(ParseResult parseResult)
    {
        _host.Privileges.RequireRoot(Name);
        var output = parseResult.InvocationConfiguration.Output;
        var configFile = SettingsLoader.ResolvePath(parseResult.GetValue(GlobalOptions.Config), _host.Variable, out _);
        if (File.Exists(configFile))
        {
            // An untrusted or broken file is refused before anything else is looked at or created.
            SettingsLoader.Load(configFile);
        }

        var account = ServiceAccount.Find();
        var initializer = new Initializer(account, output);
        try
        {
            initializer.WriteDefaultConfigIfMissing(configFile);
            var settings = SettingsLoader.Load(configFile);
            initializer.Initialize(settings, parseResult.GetValue(_force));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Problem($"posttls init: {e.Message}", ExitCodes.CannotCreate);
        }

        output.WriteLine("posttls init: done");
        return ExitCodes.Ok;
    }
}
