using PostTls.Notify;

namespace PostTls.Run;

/// <summary>
/// Tells admin_address about one message PostTLS could not act on. Never throws: an alert
/// that cannot be written or handed to sendmail is logged, and the run goes on.
/// </summary>
internal sealed class ProblemAlerts(RunContext context)
{
    /// <returns>True when the alert was handed on (or described, in a dry run).</returns>
    public bool Send(AdminProblem problem)
    {
        var to = context.AdminAddress;
        byte[] mail;
        try
        {
            mail = context.Composer.ComposeProblemAlert(to, problem);
        }
        catch (ArgumentException e)
        {
            context.Log.Error($"{problem.QueueId}: cannot alert {to} (admin_address): {e.Message}");
            return false;
        }
        catch (Postfix.PostfixException e)
        {
            context.Log.Error($"{problem.QueueId}: cannot write the alert to {to}: {e.Message}");
            return false;
        }

        if (context.SendMail(to, mail, $"would alert {to} about {problem.QueueId}: {problem.Problem}") is { } error)
        {
            context.Log.Error($"{problem.QueueId}: cannot alert {to}: {error}");
            return false;
        }

        return true;
    }
}
