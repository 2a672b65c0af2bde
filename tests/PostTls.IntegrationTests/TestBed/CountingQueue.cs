using PostTls.Postfix;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>The real Postfix commands, counted, so tests can assert how many processes a sweep starts.</summary>
internal sealed class CountingQueue(IPostfixQueue inner) : IPostfixQueue
{
    public List<int> PostcatBatches { get; } = [];

    public int Sendmails { get; private set; }

    public int Postsupers { get; private set; }

    public void ListQueue(Action<ReadOnlySpan<byte>> output) => inner.ListQueue(output);

    public CommandResult Postcat(IReadOnlyList<string> queueIds)
    {
        PostcatBatches.Add(queueIds.Count);
        return inner.Postcat(queueIds);
    }

    public CommandResult Postsuper(string option, string queueId)
    {
        Postsupers++;
        return inner.Postsuper(option, queueId);
    }

    public CommandResult Postsuper(string option, IReadOnlyList<string> queueIds)
    {
        Postsupers++;
        return inner.Postsuper(option, queueIds);
    }

    public CommandResult DeliverNow(string queueId) => inner.DeliverNow(queueId);

    public byte[]? Content(string queueId) => inner.Content(queueId);

    public IReadOnlyDictionary<string, string> Parameters(params string[] names) => inner.Parameters(names);

    public IReadOnlyList<MasterService> MasterServices() => inner.MasterServices();

    public IReadOnlyList<ServiceParameter> ServiceParameters() => inner.ServiceParameters();

    public IReadOnlyDictionary<string, string> Lookup(string map, IReadOnlyList<string> keys) => inner.Lookup(map, keys);

    public CommandResult Sendmail(string envelopeSender, string recipient, byte[] message)
    {
        Sendmails++;
        return inner.Sendmail(envelopeSender, recipient, message);
    }

    /// <summary>The real queue's connection to the notify listener closes with the run, as in posttls.</summary>
    public void Dispose() => inner.Dispose();
}
