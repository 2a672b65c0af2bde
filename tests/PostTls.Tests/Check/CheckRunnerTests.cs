using PostTls.Check;
using PostTls.Postfix;

namespace PostTls.Tests.Check;

public sealed class CheckRunnerTests
{
    [Fact]
    public void Run_InstallationAsTheSnippetsDescribe_FindsNothing()
    {
        var setup = new CheckSetup();

        FindingAssert.None(setup.Run());
    }

    [Fact]
    public void Run_EveryCheck_IsRunByTheRunner()
    {
        var checks = typeof(ICheck).Assembly.GetTypes().Where(t => typeof(ICheck).IsAssignableFrom(t) && !t.IsInterface).ToList();

        Assert.Equal(checks.Select(t => t.Name).Order(), CheckRunner.All.Select(c => c.GetType().Name).Order());
    }

    [Fact]
    public void Run_PostconfFails_ThrowsPostfixException()
    {
        var setup = new CheckSetup();
        setup.Postfix.Failure = "postconf: fatal: open /etc/postfix/main.cf: No such file or directory";

        Assert.Throws<PostfixException>(() => setup.Run());
    }

    [Fact]
    public void Run_SeveralProblems_ReportsEachOnce()
    {
        var setup = new CheckSetup();
        setup.Postfix.Main["smtp_tls_security_level"] = "may";
        setup.System.Remove(CheckSetup.CronFile);

        var findings = setup.Run();

        Assert.Equal(2, findings.Count);
        FindingAssert.Contains(findings, Severity.Error, CheckArea.Tls, "smtp_tls_security_level = may does not enforce TLS");
        FindingAssert.Contains(findings, Severity.Error, CheckArea.Schedule, "nothing runs posttls sweep");
    }
}
