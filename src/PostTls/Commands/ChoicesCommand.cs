// posttls choices - the senders' remembered choices (see man/posttls.8, posttls choices).
//
// Root only. A sender who chose in a notice "send without encryption, and do the same for my
// further messages to this domain" is not asked again about that domain until the choice
// expires (remember_choice_time) or ends. list shows the choices that hold (--all: ended ones
// too); revoke ends them as admin:LOGIN, after taking the sweep's lock, so the next sweep
// asks the sender again. Each revocation is audited and logged.
using System.CommandLine;
using PostTls.Admin;
using PostTls.Cli;
using PostTls.Configuration;

namespace PostTls.Commands;

internal sealed class ChoicesCommand : Command, IDetailedHelp
{
    private readonly CommandHost _host;

    public ChoicesCommand(CommandHost host)
        : base("choices", "List or revoke the senders' remembered choices (root)")
    {
        _host = host;
        Subcommands.Add(ListCommand());
        Subcommands.Add(RevokeCommand());
    }

    public string Details => """

        A sender can choose in a notice to send without encryption and to do the same for her
        further messages to that recipient domain for remember_choice_time. While the choice
        holds, the sweep releases such messages without asking and confirms each to her.
        revoke ends choices as admin:LOGIN (the user behind sudo); the next sweep asks again.
        It waits up to 5 seconds for a running sweep, then gives up with status 75; a choice
        that has already ended is reported with status 0, an unknown one with status 66.

        Examples:
          posttls choices list
          posttls choices list --all --sender anna@example.org
          posttls choices revoke --sender anna@example.org --domain partner.example
          posttls choices revoke --dry-run q4vmx3kd7bnw2hye
        """;

    private static Option<string?> SenderOption(string description) => new("--sender") { Description = description, HelpName = "ADDR" };

    private Command ListCommand()
    {
        var sender = SenderOption("Only the choices of this sender");
        var all = new Option<bool>("--all") { Description = "Include choices that expired or were ended" };
        var json = new Option<bool>("--json") { Description = "Print one JSON document" };
        var list = new Command("list", "List the remembered choices that hold") { sender, all, json };
        list.SetAction(r =>
        {
            const string command = "choices list";
            _host.Privileges.RequireRoot(command);
            var canonical = r.GetValue(sender) is { } text ? ChoiceSelection.CanonicalSender(command, text) : null;
            var settings = SettingsLoader.Load(r.GetValue(GlobalOptions.Config), _host.Variable);
            var output = r.InvocationConfiguration.Output;
            return AdminSession.Guard(command, () =>
            {
                using var session = AdminSession.ForReading(_host, command, settings);
                var choices = session.Choices.List(session.Now, r.GetValue(all), canonical);
                if (r.GetValue(json))
                {
                    ChoiceList.WriteJson(choices, session.Now, id => session.Messages.FindById(id)?.Key, output);
                }
                else
                {
                    ChoiceList.WriteTable(choices, r.GetValue(all), session.Now, output);
                }

                return ExitCodes.Ok;
            });
        });
        return list;
    }

    private Command RevokeCommand()
    {
        var key = new Argument<string?>("KEY") { Description = "The 16-character key posttls choices list shows", Arity = ArgumentArity.ZeroOrOne };
        var sender = SenderOption("Every choice of this sender that holds");
        var domain = new Option<string?>("--domain") { Description = "With --sender: only the choice for this domain", HelpName = "DOMAIN" };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Print what would be done; change nothing" };
        var revoke = new Command("revoke", "End remembered choices: the next sweep asks their senders again") { key, sender, domain, dryRun };
        revoke.SetAction(r =>
        {
            const string command = "choices revoke";
            _host.Privileges.RequireRoot(command);
            var selection = ChoiceSelection.Parse(command, r.GetValue(key), r.GetValue(sender), r.GetValue(domain));
            var settings = SettingsLoader.Load(r.GetValue(GlobalOptions.Config), _host.Variable);
            return AdminSession.Guard(command, () =>
            {
                using var session = AdminSession.ForActing(_host, command, settings);
                return ChoiceRevocation.Run(session, selection, r.GetValue(dryRun), r.InvocationConfiguration.Output, r.InvocationConfiguration.Error);
            });
        });
        return revoke;
    }
}
