namespace PostTls.Check;

/// <summary>How bad a finding is: an error fails the check; a warning (something that may be intended) only with --strict.</summary>
internal enum Severity
{
    Error,
    Warning,
}
