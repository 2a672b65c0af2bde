namespace PostTls.Apply;

/// <summary>
/// The routing header on a released copy. The release listener's cleanup turns it into
/// <c>FILTER smtp-insecure:NEXTHOP</c> (postfix-snippets/posttls-release.pcre), and
/// smtp-insecure strips it before delivery. Senders cannot add it: the filter removes every
/// X-PostTLS-* field from submitted mail, and only root can reach the listener.
/// </summary>
internal static class ReleaseHeader
{
    public const string Name = "X-PostTLS-Release";
}
