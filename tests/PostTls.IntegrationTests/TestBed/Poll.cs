namespace PostTls.IntegrationTests.TestBed;

/// <summary>Waits for Postfix, which works asynchronously, with a bounded number of checks.</summary>
internal static class Poll
{
    public static T Until<T>(Func<T?> probe, TimeSpan timeout, Func<string> describeFailure)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(describeFailure());
            }

            Thread.Sleep(200);
        }
    }

    public static void Until(Func<bool> condition, TimeSpan timeout, Func<string> describeFailure) =>
        Until(() => condition() ? "" : null, timeout, describeFailure);
}
