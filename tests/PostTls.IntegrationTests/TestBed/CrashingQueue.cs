using PostTls.Postfix;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// Stands for the process being killed: thrown where no code of posttls catches it. posttls
/// keeps every other fault with the message that caused it, and lets through only those that
/// end the process anyway; running out of memory is one, so the crash is one of those.
/// </summary>
internal sealed class CrashException() : OutOfMemoryException("simulated crash");

/// <summary>
/// The real Postfix commands, but the run "dies" right after the <c>crashAfter</c>-th command
/// has done its work, before posttls could record that it did.
/// </summary>
internal sealed class CrashingQueue(IPostfixQueue inner, int crashAfter) : IPostfixQueue
{
    public int Calls { get; private set; }

    public void ListQueue(Action<ReadOnlySpan<byte>> output)
    {
        inner.ListQueue(output);
        Step(0);
    }

    public CommandResult Postcat(IReadOnlyList<string> queueIds) => Step(inner.Postcat(queueIds));

    public CommandResult Postsuper(string option, string queueId) => Step(inner.Postsuper(option, queueId));

    public CommandResult Postsuper(string option, IReadOnlyList<string> queueIds) => Step(inner.Postsuper(option, queueIds));

    public CommandResult DeliverNow(string queueId) => Step(inner.DeliverNow(queueId));

    public byte[]? Content(string queueId) => Step(inner.Content(queueId));

    public IReadOnlyDictionary<string, string> Parameters(params string[] names) => Step(inner.Parameters(names));

    public IReadOnlyList<MasterService> MasterServices() => Step(inner.MasterServices());

    public IReadOnlyList<ServiceParameter> ServiceParameters() => Step(inner.ServiceParameters());

    public IReadOnlyDictionary<string, string> Lookup(string map, IReadOnlyList<string> keys) => Step(inner.Lookup(map, keys));

    public CommandResult Sendmail(string envelopeSender, string recipient, byte[] message) => Step(inner.Sendmail(envelopeSender, recipient, message));

    private T Step<T>(T result)
    {
        if (++Calls == crashAfter)
        {
            throw new CrashException();
        }

        return result;
    }

    /// <summary>The real queue's connection to the notify listener closes with the run, as in posttls.</summary>
    public void Dispose() => inner.Dispose();
}
