namespace PostTls.Queue;

/// <summary>
/// The one strict validator for Postfix queue IDs, used before an ID reaches any command line.
/// Short IDs are upper-case hex; long IDs (enable_long_queue_ids = yes) use 0-9, B-Z, b-y with
/// a <c>z</c> separator, e.g. <c>4Xyz1234abcdzB3F</c>.
/// </summary>
internal static class QueueIds
{
    // Stand-in until the strict validator lands (another branch implements it): alphanumerics
    // within Postfix's length cap, so PostcatOutput can be built and tested meanwhile.
    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.All(char.IsAsciiLetterOrDigit) && id.Length <= 32;
}
