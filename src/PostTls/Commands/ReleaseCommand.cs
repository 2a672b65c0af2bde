// posttls release - send one message without encryption, as the administrator (see man/posttls.8, RELEASE).
//
// Root only. Takes the decision a sender would take with "send without encryption", through
// the same path: it waits a few seconds for a running sweep, checks that the queue ID still
// holds the message, holds it, submits a copy per next hop to the release listener, then
// deletes the original. Never-insecure recipients stay in normal delivery. Audited as
// admin:LOGIN; the sender gets the usual confirmation.
using System.CommandLine;
using PostTls.Admin;
using PostTls.Apply;
using PostTls.Cli;

namespace PostTls.Commands;

internal sealed class ReleaseCommand : Command, IDetailedHelp
{
    private readonly Argument<string> _message = new("ID|TAG|KEY") { Description = "Queue ID, X-PostTLS-ID tag or 16-character key" };
    private readonly Option<bool> _dryRun = new("--dry-run", "-n") { Description = "Print what would be done; change nothing" };

    public ReleaseCommand(CommandHost host)
        : base("release", "Send one message without encryption, as the administrator (root)")
    {
        Arguments.Add(_message);
        Options.Add(_dryRun);
        SetAction(r => AdminAction.Run(host, Name, AdminVerb.Release, r.GetValue(_message)!, r.GetValue(_dryRun),
            r.GetValue(GlobalOptions.Config), r.InvocationConfiguration.Output, r.InvocationConfiguration.Error, DecisionApplier.For));
    }

    public string Details => """

        Carries out "send without encryption" for the message as its sender could, recorded as
        admin:LOGIN (the user behind sudo). Recipients in never-insecure domains are never
        released; they stay in normal, encrypted delivery. A message that is already closed is
        reported with its outcome and exit status 0; one that already has a decision is left
        to it. Waits up to 5 seconds for a running sweep, then gives up with status 75.

        Examples:
          posttls release 4B7C81E2A3
          posttls release --dry-run fmhdrestyld67fgf
        """;
}
