using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace PostTls.Commands;

/// <summary>Prints the generated help, then the command's <see cref="IDetailedHelp.Details"/>, so listings stay one line per command.</summary>
internal sealed class DetailedHelpAction(HelpAction generated) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var status = generated.Invoke(parseResult);
        if (parseResult.CommandResult.Command is IDetailedHelp detailed)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine(detailed.Details.TrimEnd());
            output.WriteLine();
        }

        return status;
    }

    public static void Install(RootCommand root)
    {
        foreach (var option in root.Options)
        {
            if (option is HelpOption { Action: HelpAction generated } help)
            {
                help.Action = new DetailedHelpAction(generated);
            }
        }
    }
}
