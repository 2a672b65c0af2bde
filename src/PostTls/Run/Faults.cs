using Microsoft.Data.Sqlite;
using PostTls.Postfix;
using PostTls.Smtp;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.Run;

/// <summary>
/// Tells "this message is bad" from "the system is down" (Postfix's three grades, for a run
/// over many messages). Only what leaves no message workable stops a run: the database, the
/// key, memory. A Postfix command or the release listener failing is worth another try at
/// the next run. Anything else a message brings (an address no protocol can carry, a 5xx,
/// a bug met by one odd message) ends that message's step, and the run goes on.
/// </summary>
internal static class Faults
{
    private const int SqliteConstraint = 19;

    /// <summary>The run must stop for everyone (RunSession turns it into exit 75).</summary>
    public static bool StopsTheRun(Exception e) => e switch
    {
        SqliteException { SqliteErrorCode: SqliteConstraint } => false, // one row's data, not the database
        SqliteException or StateException or SecretKeyException or OutOfMemoryException => true,
        _ => false,
    };

    /// <summary>Trying again at the next run may succeed.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        SmtpException smtp => smtp.IsTransient,
        PostfixException or IOException or UnauthorizedAccessException => true,
        _ => false,
    };

    /// <summary>Why, for the sender: one clause in plain words, no stack, no paths.</summary>
    public static string ForSender(Exception e) => e switch
    {
        DecisionRefusedException refused => refused.Message,
        SmtpException { Reply: { } reply } smtp when smtp.IsTransient =>
            $"our mail server did not accept the copy in time (its last answer: {reply})",
        SmtpException { Reply: { } reply } => $"our mail server refused the copy ({reply})",
        SmtpException => "our mail server could not be reached in time",
        PostfixException => "our mail server could not act on it in time",
        ArgumentException argument => "it cannot be passed on: " + WithoutParameter(argument),
        _ => $"an internal error stopped it ({e.GetType().Name})",
    };

    /// <summary>Why, for the log, the audit row and the administrator: the exception's own words.</summary>
    public static string ForAdmin(Exception e) => e switch
    {
        ArgumentException argument => WithoutParameter(argument),
        DecisionRefusedException or SmtpException or PostfixException or IOException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    // .NET appends " (Parameter 'name')", which means nothing to a reader of mail or logs.
    private static string WithoutParameter(ArgumentException e) =>
        e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
}
