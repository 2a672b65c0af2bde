namespace PostTls.IntegrationTests.Reliability;

/// <summary>
/// Short or long reliability runs. The test command runs the short variants; <c>./test.sh --long</c>
/// (POSTTLS_LONG_TESTS=1) runs every variant at full size.
/// </summary>
internal static class RunLength
{
    public static bool IsLong { get; } = Environment.GetEnvironmentVariable("POSTTLS_LONG_TESTS") == "1";

    /// <summary>The short count in the test command, the long one with --long.</summary>
    public static int Pick(int shortRun, int longRun) => IsLong ? longRun : shortRun;
}
