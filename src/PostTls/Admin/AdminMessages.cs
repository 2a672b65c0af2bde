using PostTls.Cli;
using PostTls.State;
using PostTls.Text;

namespace PostTls.Admin;

/// <summary>The checks every command that names one message makes, with their one-line refusals.</summary>
internal static class AdminMessages
{
    /// <exception cref="Problem">Not of any form a message is named by (exit status 64).</exception>
    public static MessageReference Parse(string command, string text) =>
        MessageReference.TryParse(text, out var reference)
            ? reference
            : throw new Problem($"posttls {command}: \"{SafeText.Cut(text, 60)}\" is not {MessageReference.Forms}", ExitCodes.Usage);

    /// <exception cref="Problem">No message is known by that name (exit status 66).</exception>
    public static TrackedMessage Find(AdminSession session, MessageReference reference) =>
        reference.Find(session.Messages)
            ?? throw new Problem($"posttls {session.Command}: no message {reference} is known to posttls (see posttls list --all)", ExitCodes.NoInput);
}
