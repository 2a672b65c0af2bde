using PostTls.IntegrationTests.Reliability;
using PostTls.IntegrationTests.TestBed;

namespace PostTls.IntegrationTests.Filter;

/// <summary>
/// The filter's input ends early because pipe(8), which writes it, died mid-message. The end of a
/// pipe looks the same either way, but a truncated copy must never be reinjected: Postfix delivers
/// the whole message again after pipe(8)'s death, so a copy would be a second, damaged delivery.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class FilterInputCutShortTests(PostfixTestBed bed)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);

    public static TheoryData<string> Cuts => ["mid-headers", "mid-body"];

    [Theory]
    [MemberData(nameof(Cuts))]
    public void Filter_WriterDiesMidMessage_NothingReinjectedAndDeferralLogged(string where)
    {
        var injected = RunLength.Pick(1, 5);
        var lost = 0;
        for (var i = 0; i < injected; i++)
        {
            var marker = TestMessage.NewMarker();
            var recipient = $"{marker}@{PostfixTestBed.PlainDomain}";
            var message = TestMessage.Create(marker, "alice@posttls.test", recipient, body: string.Concat(Enumerable.Repeat("a body line\n", 2000)));
            var cut = where == "mid-headers" ? 40 : message.Length / 2;

            var pid = DyingPipe.Run(message, cut, bed.Binary, "filter", "--config", bed.ConfigFile, "-f", "alice@posttls.test", "--", recipient);
            DyingPipe.WaitForExit(pid);

            Thread.Sleep(Quiet); // a reinjected copy would reach the sink within a second
            var reinjected = bed.SinkMessagesContaining(marker).Count + (bed.QueuedFor(recipient) is null ? 0 : 1);
            // Here nothing may arrive: Postfix still holds the original and retries it (see the test through Postfix).
            lost += reinjected;
            Assert.True(reinjected == 0, $"a truncated copy was reinjected ({where})\n{bed.PostTlsLogText()}");
            Assert.Contains($"the input ended because its writer died", bed.PostTlsLogText(), StringComparison.Ordinal);
        }

        FaultReport.Record("filter", $"input cut short {where} (writer died), direct", injected, lost);
    }

    /// <summary>
    /// pipe(8) itself is killed while it writes a large message into a filter held up by a slow
    /// sendmail. Postfix keeps the message and tries again; exactly one whole copy may arrive.
    /// </summary>
    [Fact]
    public void PipeKilledMidMessage_ThroughPostfix_DeliveredOnceAndWhole()
    {
        var marker = TestMessage.NewMarker();
        var recipient = $"{marker}@{PostfixTestBed.PlainDomain}";
        var body = string.Concat(Enumerable.Repeat(new string('x', 76) + "\n", 30000)) + $"last line {marker}\n";
        // master(8) holds back a service whose process died by a signal for service_throttle_time (60 s by default).
        using var quickRetry = MainCfOverride.Set(bed, "service_throttle_time", "1s");
        var slowSendmail = FakeSendmail.Slow(Path.Combine(bed.Root, "fakes"), seconds: 4);
        bed.SetPostTlsConfig($"reinject_address =\nsendmail_path = {slowSendmail}\n");
        try
        {
            SmtpSubmitter.Send(bed.SubmissionPort, "alice@posttls.test", [recipient], TestMessage.Create(marker, "alice@posttls.test", recipient, body: body));
            // Once the filter has started sendmail, it is past its start-up and reads its input.
            Poll.Until(() => ProcessTable.FindByArguments(slowSendmail, recipient) is not null, TimeSpan.FromSeconds(30),
                () => "the filter did not start sendmail for " + recipient);
            var filter = ProcessTable.FindByArguments("filter", recipient)?.ToString() ?? throw new InvalidOperationException("no filter process");
            var pipe = ProcessTable.ParentOf(int.Parse(filter, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("pipe", ProcessTable.NameOf(pipe));
            System.Diagnostics.Process.GetProcessById(pipe).Kill();
            DyingPipe.WaitForExit(int.Parse(filter, System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            bed.SetPostTlsConfig();
        }

        bed.FlushQueue();
        var copies = new FilterFaultScenario(bed).WaitForDelivery(recipient);
        FaultReport.Record("filter", "input cut short (pipe(8) killed), through Postfix", 1, copies == 0 ? 1 : 0);
        Assert.Equal(1, copies);
        Assert.Contains($"last line {marker}", bed.SinkMessagesContaining(marker)[0], StringComparison.Ordinal);
    }
}
