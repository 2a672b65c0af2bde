// posttls return - return one message to its sender, as the administrator (see man/posttls.8, RETURN).
//
// Root only. The sweep's own return step: it waits a few seconds for a running sweep,
// checks that the queue ID still holds the message, runs postsuper -f and postqueue -i so
// Postfix returns it at once with its own delivery report, and closes the message as
// "returned by admin:LOGIN" with an audit row.
using System.CommandLine;
using PostTls.Admin;
using PostTls.Apply;
using PostTls.Cli;

namespace PostTls.Commands;

internal sealed class ReturnCommand : Command, IDetailedHelp
{
    private readonly Argument<string> _message = new("ID|TAG|KEY") { Description = "Queue ID, X-PostTLS-ID tag or 16-character key" };
    private readonly Option<bool> _dryRun = new("--dry-run", "-n") { Description = "Print what would be done; change nothing" };

    public ReturnCommand(CommandHost host)
        : base("return", "Return one message to its sender, as the administrator (root)")
    {
        Arguments.Add(_message);
        Options.Add(_dryRun);
        SetAction(r => AdminAction.Run(host, Name, AdminVerb.Return, r.GetValue(_message)!, r.GetValue(_dryRun),
            r.GetValue(GlobalOptions.Config), r.InvocationConfiguration.Output, r.InvocationConfiguration.Error, DecisionApplier.For));
    }

    public string Details => """

        Forces the message to expire (postsuper -f, which also releases it from hold) and asks
        for a delivery attempt at once (postqueue -i): Postfix returns it to its sender with
        the reason it was stuck. Recorded as admin:LOGIN (the user behind sudo). A message that
        is already closed is reported with its outcome and exit status 0; one whose decision
        is still being carried out is left to it (status 75). Waits up to 5 seconds for a
        running sweep, then gives up with status 75.

        Examples:
          posttls return 4B7C81E2A3
          posttls return --dry-run fmhdrestyld67fgf
        """;
}
