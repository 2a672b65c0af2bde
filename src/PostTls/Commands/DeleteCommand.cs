// posttls delete - delete one message, as the administrator (see man/posttls.8, DELETE).
//
// Root only. Takes the decision a sender would take with "delete", through the same path:
// it waits a few seconds for a running sweep, checks that the queue ID still holds the
// message, then runs postsuper -d. Audited as admin:LOGIN; the sender gets the usual
// confirmation.
using System.CommandLine;
using PostTls.Admin;
using PostTls.Apply;
using PostTls.Cli;

namespace PostTls.Commands;

internal sealed class DeleteCommand : Command, IDetailedHelp
{
    private readonly Argument<string> _message = new("ID|TAG|KEY") { Description = "Queue ID, X-PostTLS-ID tag or 16-character key" };
    private readonly Option<bool> _dryRun = new("--dry-run", "-n") { Description = "Print what would be done; change nothing" };

    public DeleteCommand(CommandHost host)
        : base("delete", "Delete one message, as the administrator (root)")
    {
        Arguments.Add(_message);
        Options.Add(_dryRun);
        SetAction(r => AdminAction.Run(host, Name, AdminVerb.Delete, r.GetValue(_message)!, r.GetValue(_dryRun),
            r.GetValue(GlobalOptions.Config), r.InvocationConfiguration.Output, r.InvocationConfiguration.Error, DecisionApplier.For));
    }

    public string Details => """

        Carries out "delete" for the message as its sender could, recorded as admin:LOGIN
        (the user behind sudo). Nobody gets a delivery report; the sender is told by the
        usual confirmation. To give the sender Postfix's own report instead, use posttls
        return. A message that is already closed is reported with its outcome and exit
        status 0. Waits up to 5 seconds for a running sweep, then gives up with status 75.

        Examples:
          posttls delete 4B7C81E2A3
          posttls delete --dry-run fmhdrestyld67fgf.1795340986.72s3l7i6tlif5kif
        """;
}
