namespace PostTls.IntegrationTests.Reliability;

/// <summary>
/// The record of injected faults that test.sh prints at the end of a run: for each fault, how
/// many times it was injected and how many messages (or decisions) it lost. Tests still assert
/// zero loss themselves; this only makes the count visible. Lines go to the file named by
/// POSTTLS_FAULT_REPORT (test.sh sets it), appended whole so parallel writers cannot interleave.
/// </summary>
internal static class FaultReport
{
    private static readonly Lock Gate = new();

    /// <summary>Records one kind of fault. <paramref name="lost"/> counts messages or decisions not accounted for.</summary>
    public static void Record(string area, string fault, int injected, int lost)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(injected);
        ArgumentOutOfRangeException.ThrowIfNegative(lost);
        var path = Environment.GetEnvironmentVariable("POSTTLS_FAULT_REPORT");
        if (string.IsNullOrEmpty(path))
        {
            return; // run outside test.sh: the assertions alone decide
        }

        var line = string.Join('\t', Clean(area), Clean(fault), injected, lost) + "\n";
        lock (Gate)
        {
            File.AppendAllText(path, line);
        }
    }

    private static string Clean(string text) => text.Replace('\t', ' ').Replace('\n', ' ');
}
