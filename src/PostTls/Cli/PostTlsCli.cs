using System.CommandLine;
using System.CommandLine.Invocation;
using PostTls.Commands;
using PostTls.Configuration;
using PostTls.Tagging;

namespace PostTls.Cli;

/// <summary>
/// Builds the command tree and runs it. Two System.CommandLine defaults are switched off
/// because they would bounce mail: <c>@file</c> response-file expansion (Postfix lets
/// recipients start with @) and the default exception handler (exit 1 plus a stack trace).
/// </summary>
internal static class PostTlsCli
{
    public static int Run(string[] args) => Run(args, Console.In, Console.Out, Console.Error);

    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        var root = BuildRootCommand();
        var parseResult = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var command = parseResult.CommandResult.Command;

        if (parseResult.Errors.Count > 0 && parseResult.Action is null or ParseErrorAction)
        {
            foreach (var parseError in parseResult.Errors.Take(1))
            {
                error.WriteLine($"posttls{(command == root ? "" : " " + command.Name)}: {parseError.Message} (try --help)");
            }

            return command is IPipeCommand pipe ? pipe.FailureExitCode : ExitCodes.Usage;
        }

        try
        {
            return parseResult.Invoke(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = output,
                Error = error,
            });
        }
        catch (Problem problem)
        {
            error.WriteLine(problem.Message);
            return problem.ExitCode;
        }
        catch (ConfigException e)
        {
            error.WriteLine("posttls: " + e.Message);
            return command is IPipeCommand pipe ? pipe.FailureExitCode : ExitCodes.Config;
        }
        catch (SecretKeyException e)
        {
            error.WriteLine("posttls: " + e.Message);
            return command is IPipeCommand pipe ? pipe.FailureExitCode : ExitCodes.Config;
        }
        catch (Exception e) when (command is IPipeCommand pipe)
        {
            // The pipe commands must never exit with anything Postfix would bounce, nor show a trace.
            error.WriteLine($"posttls {command.Name}: unexpected error: {e.GetType().Name}: {e.Message}; Postfix will retry");
            return pipe.FailureExitCode;
        }
    }

    internal static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("PostTLS: let senders decide what happens to mail that Postfix cannot deliver encrypted.")
        {
            GlobalOptions.Config,
            new FilterCommand(),
            new InitCommand(),
        };
        DetailedHelpAction.Install(root);
        return root;
    }
}
