namespace PostTls.Queue;

/// <summary>
/// Classifies smtp(8) delay reasons by substring (qmgr may prepend "delivery temporarily
/// suspended: "), following the texts listed in postfix-facts.md.
/// </summary>
internal static class DeferReasonClassifier
{
    public static TlsFailure Classify(string delayReason) => throw new NotImplementedException();
}
