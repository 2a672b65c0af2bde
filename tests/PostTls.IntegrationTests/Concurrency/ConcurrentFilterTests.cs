using System.Text.RegularExpressions;
using PostTls.IntegrationTests.Reliability;
using PostTls.IntegrationTests.TestBed;
using PostTls.Tagging;

namespace PostTls.IntegrationTests.Concurrency;

/// <summary>
/// Many filters at once, as pipe(8) runs them, all reinjecting through the real sendmail into the
/// same Postfix: 30 in the short run, 100 with --long. Every message must reach the remote
/// exactly once, byte for byte, without the tag of its own that the filter gave it.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed partial class ConcurrentFilterTests(PostfixTestBed bed)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public void Filter_ThirtyOrAHundredAtOnce_EachMessageDeliveredOnceWholeAndTagged()
    {
        var count = RunLength.Pick(30, 100);
        var messages = Enumerable.Range(0, count).Select(i =>
        {
            var marker = TestMessage.NewMarker();
            var recipient = $"{marker}@{PostfixTestBed.PlainDomain}";
            var body = string.Concat(Enumerable.Repeat($"line of message {i}, ümlaut and 8 bits\n", 1 + i * 20)) + ".a dot line\n";
            return (Marker: marker, Recipient: recipient, Bytes: TestMessage.Create(marker, "bob@posttls.test", recipient, body: body));
        }).ToList();

        var logBefore = bed.PostTlsLogText().Length;
        var outcomes = PipeRuns.AllAtOnce(bed.Binary, messages.Select(m => new PipeRuns.Run(
            ["filter", "--config", bed.ConfigFile, "-f", "bob@posttls.test", "--", m.Recipient], m.Bytes)).ToList());

        Assert.All(outcomes, o => Assert.True(o.ExitCode == 0, $"status {o.ExitCode}: {o.Output}"));
        var wanted = messages.Select(m => m.Marker).ToHashSet();
        Poll.Until(() => wanted.All(m => bed.SinkMessagesContaining(m).Count > 0), Patience,
            () => $"{wanted.Count(m => bed.SinkMessagesContaining(m).Count == 0)} of {count} messages did not arrive\n{bed.PostTlsLogText()}");
        Thread.Sleep(1000); // a duplicate would follow within a second on this bed
        var copies = messages.Select(m => bed.SinkMessagesContaining(m.Marker)).ToList();
        FaultReport.Record("concurrency", $"{count} filters at once", count, copies.Count(c => c.Count != 1));

        Assert.All(copies, c => Assert.Single(c));
        foreach (var (message, arrived) in messages.Zip(copies, (m, c) => (m, c[0])))
        {
            Assert.True(SinkCopy.Matches(message.Bytes, arrived), $"{message.Marker} arrived changed:\n{arrived}");
            Assert.Empty(TestMessage.PostTlsFields(arrived)); // the tag stays on this server
        }

        // Each filter run logged the tag it gave its message: all different, all bob's. (log_file is
        // not opened with O_APPEND, so lines of runs at the same instant can overwrite each other:
        // not every run's line need be there.)
        var tags = bed.PostTlsLogText()[logBefore..].Split('\n')
            .Select(line => TagLine().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToList();
        Assert.True(tags.Count > 0 && tags.Count <= count, $"{tags.Count} tag lines for {count} messages:\n{bed.PostTlsLogText()[logBefore..]}");
        Assert.Equal(tags.Count, tags.Distinct(StringComparer.Ordinal).Count());
        Assert.All(tags, tag => Assert.Equal(TagStatus.Valid, Tags.Check(bed, tag, "bob@posttls.test")));
    }

    [GeneratedRegex(@"posttls/filter\[[0-9]+\]: (\S+): from=<bob@posttls\.test>, nrcpt=1, size=[0-9]+, reinjected$")]
    private static partial Regex TagLine();
}
