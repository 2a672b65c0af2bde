namespace PostTls.Queue;

/// <summary>Parses the output of <c>postcat -q -e -h ID1 ID2 …</c> (several messages in one run).</summary>
internal static class PostcatOutput
{
    /// <summary>
    /// Splits the output into messages. Messages whose framing is broken are skipped with a
    /// line in <paramref name="problems"/>; never throws.
    /// </summary>
    public static IReadOnlyList<MessageDetails> Parse(string output, List<string> problems) => throw new NotImplementedException();
}
