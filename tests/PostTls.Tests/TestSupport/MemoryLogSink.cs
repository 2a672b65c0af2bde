using PostTls.Logging;

namespace PostTls.Tests.TestSupport;

/// <summary>Keeps log lines in memory, so tests can read what a runner logged.</summary>
internal sealed class MemoryLogSink : ILogSink
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToList();
            }
        }
    }

    public MailLog Log(string program) => new(program, this);

    public void Write(LogLevel level, string program, int pid, string message)
    {
        lock (_lines)
        {
            _lines.Add(message);
        }
    }
}
