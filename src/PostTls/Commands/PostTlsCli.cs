using System.CommandLine;
using System.CommandLine.Invocation;
using PostTls.Cli;
using PostTls.Configuration;
using PostTls.Tagging;

namespace PostTls.Commands;

/// <summary>
/// Builds the command tree and runs it. Two System.CommandLine defaults are switched off
/// because they would bounce mail: <c>@file</c> response-file expansion (Postfix lets
/// recipients start with @) and the default exception handler (exit 1 plus a stack trace).
/// </summary>
internal static class PostTlsCli
{
    public static int Run(string[] args, CommandHost host) => Run(args, host, Console.Out, Console.Error);

    public static int Run(string[] args, CommandHost host, TextWriter output, TextWriter error)
    {
        // Postfix runs the filter once per message: its usual argument vector skips building
        // the command tree (about a tenth of its run time); anything else gets the full parser.
        if (FilterFastPath.TryParse(args, out var configFile, out var sender, out var recipients, out var client))
        {
            return Guarded(() => FilterCommand.Run(host, configFile, sender, recipients, client), "filter", ExitCodes.TempFail, error);
        }

        if (RunFastPath.TryParse(args, out var run, out var runConfig))
        {
            return Guarded(() => run == "sweep" ? SweepCommand.Run(host, runConfig, dryRun: false, output) : ApplyCommand.Run(host, runConfig, dryRun: false, output),
                run!, null, error);
        }

        return RunParsed(args, host, output, error);
    }

    private static int RunParsed(string[] args, CommandHost host, TextWriter output, TextWriter error)
    {
        args = DecideCommand.JoinLogin(args);
        var root = BuildRootCommand(host);
        var parseResult = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var command = parseResult.CommandResult.Command;

        if (parseResult.Errors.Count > 0 && parseResult.Action is null or ParseErrorAction)
        {
            foreach (var parseError in parseResult.Errors.Take(1))
            {
                error.WriteLine($"posttls{(command == root ? "" : " " + CommandPath(parseResult.CommandResult))}: {parseError.Message} (try --help)");
            }

            return command is IPipeCommand pipe ? pipe.FailureExitCode : ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error };
        return Guarded(() => parseResult.Invoke(invocation), CommandPath(parseResult.CommandResult), (command as IPipeCommand)?.FailureExitCode, error);
    }

    /// <summary>"domains list" rather than "list", for messages.</summary>
    private static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (var current = result; current is not null && current.Command is not RootCommand; current = current.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, current.Command.Name);
        }

        return string.Join(' ', names);
    }

    /// <summary>Runs a command and turns expected failures into one line and an exit status.</summary>
    /// <param name="pipeFailure">For the pipe commands: the status every failure must end with.</param>
    private static int Guarded(Func<int> command, string name, int? pipeFailure, TextWriter error)
    {
        try
        {
            return command();
        }
        catch (Problem problem)
        {
            error.WriteLine(problem.Message);
            return problem.ExitCode;
        }
        catch (Exception e) when (e is ConfigException or SecretKeyException)
        {
            error.WriteLine("posttls: " + e.Message);
            return pipeFailure ?? ExitCodes.Config;
        }
        catch (Exception e) when (pipeFailure is not null)
        {
            // The pipe commands must never exit with anything Postfix would bounce, nor show a trace.
            error.WriteLine($"posttls {name}: unexpected error: {e.GetType().Name}: {e.Message}; Postfix will retry");
            return pipeFailure.Value;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            error.WriteLine($"posttls {name}: {e.Message}");
            return ExitCodes.TempFail;
        }
        catch (Exception e)
        {
            // One line for the administrator, never a trace; EX_SOFTWARE says it is our bug.
            error.WriteLine($"posttls {name}: unexpected error: {e.GetType().Name}: {e.Message} (please report this)");
            return ExitCodes.Software;
        }
    }

    internal static RootCommand BuildRootCommand(CommandHost host)
    {
        var root = new RootCommand("PostTLS: let senders decide what happens to mail that Postfix cannot deliver encrypted.")
        {
            GlobalOptions.Config,

            // Run by Postfix's pipe(8), as user posttls.
            new FilterCommand(host),
            new DecideCommand(host),

            // Run by root from cron or systemd.
            new SweepCommand(host),
            new ApplyCommand(host),

            // Run by the administrator, as root.
            new InitCommand(host),
            new ListCommand(host),
            new ShowCommand(host),
            new ReleaseCommand(host),
            new DeleteCommand(host),
            new ReturnCommand(host),
            new LogCommand(host),
            new StatsCommand(host),
            new CheckCommand(host),
            new DomainsCommand(host),
            new ChoicesCommand(host),
        };
        DetailedHelpAction.Install(root);
        return root;
    }
}
