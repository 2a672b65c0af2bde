namespace PostTls.Check;

/// <summary>The areas findings belong to; stable names, they appear in the --json output.</summary>
internal static class CheckArea
{
    public const string Tls = "tls";
    public const string Filter = "filter";
    public const string Submission = "submission";
    public const string Decide = "decide";
    public const string Routing = "routing";
    public const string Release = "release";
    public const string Files = "files";
    public const string Schedule = "schedule";
    public const string Alerts = "alerts";
    public const string Logging = "logging";
}
