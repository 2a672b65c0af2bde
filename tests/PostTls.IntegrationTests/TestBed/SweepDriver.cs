using PostTls.Apply;
using PostTls.Configuration;
using PostTls.Logging;
using PostTls.Postfix;
using PostTls.Sweep;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>Runs posttls sweep in process against the test bed's Postfix, with a test clock.</summary>
internal sealed class SweepDriver(PostfixTestBed bed, ManualClock clock)
{
    public CountingQueue? LastQueue { get; private set; }

    /// <summary>posttls apply: only the decisions.</summary>
    public string Apply() => Run((settings, log, report, queue) => ApplySession.Run(settings, clock, log, dryRun: false, report, queue));

    public string Sweep(bool dryRun = false) =>
        Run((settings, log, report, queue) => SweepSession.Run(settings, clock, log, dryRun, report, DecisionApplier.For, queue));

    private string Run(Func<PostTlsSettings, MailLog, TextWriter, Func<PostTlsSettings, IPostfixQueue>, int> session)
    {
        var settings = bed.Settings();
        var log = MailLog.For("sweep", settings, clock, TextWriter.Null);
        var report = new StringWriter();
        var status = session(settings, log, report, s =>
        {
            LastQueue = new CountingQueue(PostfixQueue.For(s));
            return LastQueue;
        });
        Assert.Equal(0, status);
        return report.ToString();
    }
}
