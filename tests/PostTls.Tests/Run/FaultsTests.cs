using Microsoft.Data.Sqlite;
using PostTls.Postfix;
using PostTls.Run;
using PostTls.Smtp;
using PostTls.State;
using PostTls.Tagging;

namespace PostTls.Tests.Run;

/// <summary>"This message is bad" against "the system is down", as a table.</summary>
public sealed class FaultsTests
{
    public static TheoryData<string, bool, bool> Table => new()
    {
        // fault, stops the run, transient
        { "sqlite busy", true, false },
        { "sqlite constraint", false, false },
        { "state", true, false },
        { "secret key", true, false },
        { "out of memory", true, false },
        { "postfix command", false, true },
        { "io", false, true },
        { "smtp 451", false, true },
        { "smtp connect refused", false, true },
        { "smtp 554", false, false },
        { "smtp extension missing", false, false },
        { "refused decision", false, false },
        { "argument", false, false },
        { "invalid operation", false, false },
        { "null reference", false, false },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Classify_Table(string fault, bool stopsTheRun, bool transient)
    {
        var e = Make(fault);

        Assert.Equal(stopsTheRun, Faults.StopsTheRun(e));
        Assert.Equal(transient, Faults.IsTransient(e));
        Assert.DoesNotContain('\n', Faults.ForSender(e));
        Assert.NotEmpty(Faults.ForAdmin(e));
    }

    [Fact]
    public void ForSender_PlainWords_NoPathsOrParameterNames()
    {
        Assert.Equal("our mail server refused the copy (554 5.7.1 Access denied)", Faults.ForSender(Make("smtp 554")));
        Assert.Equal("our mail server did not accept the copy in time (its last answer: 451 4.3.0 Try later)", Faults.ForSender(Make("smtp 451")));
        Assert.Equal("our mail server could not be reached in time", Faults.ForSender(Make("smtp connect refused")));
        Assert.Equal("it cannot be passed on: no recipients", Faults.ForSender(Make("argument")));
        Assert.Equal("an internal error stopped it (InvalidOperationException)", Faults.ForSender(Make("invalid operation")));
        Assert.DoesNotContain("/private/", Faults.ForSender(Make("smtp 554")), StringComparison.Ordinal);
        Assert.Equal("no recipients", Faults.ForAdmin(Make("argument")));
    }

    private static Exception Make(string fault) => fault switch
    {
        "sqlite busy" => new SqliteException("database is locked", 5),
        "sqlite constraint" => new SqliteException("UNIQUE constraint failed", 19),
        "state" => new StateException("cannot use the database"),
        "secret key" => new SecretKeyException("cannot read the key"),
        "out of memory" => new OutOfMemoryException(),
        "postfix command" => new PostfixException("postsuper -h failed"),
        "io" => new IOException("disk full"),
        "smtp 451" => Smtp(new SmtpReply(451, ["4.3.0 Try later"]), transient: true),
        "smtp connect refused" => new SmtpException(SmtpFailure.ConnectFailed, "connect", null, isTransient: true, "unix:/x/private/l: cannot connect: Connection refused"),
        "smtp 554" => Smtp(new SmtpReply(554, ["5.7.1 Access denied"]), transient: false),
        "smtp extension missing" => new SmtpException(SmtpFailure.ExtensionMissing, "MAIL", null, isTransient: false, "needs SMTPUTF8"),
        "refused decision" => new DecisionRefusedException("its header is too large to examine"),
        "argument" => new ArgumentException("no recipients", "envelope"),
        "invalid operation" => new InvalidOperationException("a bug"),
        _ => new NullReferenceException(),
    };

    private static SmtpException Smtp(SmtpReply reply, bool transient) =>
        new(SmtpFailure.Rejected, "RCPT TO:<b@example.test>", reply, transient, $"unix:/x/private/posttls-release: RCPT TO:<b@example.test> rejected: {reply}");
}
