using System.Text.Json;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>One line of <c>postqueue -j</c>, reduced to what the tests look at.</summary>
public sealed record QueueEntry(string QueueName, string QueueId, string Sender, IReadOnlyList<(string Address, string DelayReason)> Recipients)
{
    public static IReadOnlyList<QueueEntry> ParseLines(string jsonLines)
    {
        var entries = new List<QueueEntry>();
        foreach (var line in jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var recipients = root.GetProperty("recipients").EnumerateArray()
                .Select(r => (r.GetProperty("address").GetString() ?? "",
                    r.TryGetProperty("delay_reason", out var reason) ? reason.GetString() ?? "" : ""))
                .ToList();
            entries.Add(new QueueEntry(root.GetProperty("queue_name").GetString() ?? "", root.GetProperty("queue_id").GetString() ?? "",
                root.GetProperty("sender").GetString() ?? "", recipients));
        }

        return entries;
    }

    public bool HasRecipient(string address) => Recipients.Any(r => r.Address == address);

    public string DelayReasonOf(string address) => Recipients.First(r => r.Address == address).DelayReason;
}
