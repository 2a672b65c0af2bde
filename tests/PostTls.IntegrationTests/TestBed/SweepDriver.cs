using PostTls.Logging;
using PostTls.Postfix;
using PostTls.Sweep;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>Runs posttls sweep in process against the test bed's Postfix, with a test clock.</summary>
internal sealed class SweepDriver(PostfixTestBed bed, ManualClock clock)
{
    public CountingQueue? LastQueue { get; private set; }

    /// <summary>posttls apply: only the decisions.</summary>
    public string Apply() => Sweep(decisionsOnly: true);

    public string Sweep(bool dryRun = false, bool decisionsOnly = false)
    {
        var settings = bed.Settings();
        var log = MailLog.For("sweep", settings, clock, TextWriter.Null);
        var report = new StringWriter();
        var status = SweepSession.Run(settings, clock, log, dryRun, report, s =>
        {
            LastQueue = new CountingQueue(PostfixQueue.For(s));
            return LastQueue;
        }, decisionsOnly);
        Assert.Equal(0, status);
        return report.ToString();
    }
}
