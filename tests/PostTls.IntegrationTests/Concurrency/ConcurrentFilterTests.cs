using PostTls.IntegrationTests.Reliability;
using PostTls.IntegrationTests.TestBed;
using PostTls.Tagging;

namespace PostTls.IntegrationTests.Concurrency;

/// <summary>
/// Many filters at once, as pipe(8) runs them, all reinjecting through the real sendmail into the
/// same Postfix: 30 in the short run, 100 with --long. Every message must reach the remote
/// exactly once, byte for byte, with a tag of its own that verifies.
/// </summary>
[Collection(PostfixCollection.Name)]
public sealed class ConcurrentFilterTests(PostfixTestBed bed)
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
        var tags = new HashSet<string>();
        foreach (var (message, arrived) in messages.Zip(copies, (m, c) => (m, c[0])))
        {
            Assert.True(SinkCopy.Matches(message.Bytes, arrived), $"{message.Marker} arrived changed:\n{arrived}");
            var tag = TestMessage.PostTlsFields(arrived).Single()["X-PostTLS-ID: ".Length..];
            Assert.True(MessageTag.Verify(bed.Key, tag), tag);
            Assert.True(tags.Add(tag), "two messages got the same tag " + tag);
        }
    }
}
