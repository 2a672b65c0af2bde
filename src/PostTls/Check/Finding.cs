namespace PostTls.Check;

/// <summary>One problem found by a check: what is wrong and how to fix it, each one sentence without a final full stop.</summary>
/// <param name="Area">Which part of the setup: one of <see cref="CheckArea"/>.</param>
internal sealed record Finding(Severity Severity, string Area, string Text, string Fix)
{
    public static Finding Error(string area, string text, string fix) => new(Severity.Error, area, text, fix);

    public static Finding Warning(string area, string text, string fix) => new(Severity.Warning, area, text, fix);

    /// <summary>The human line: <c>posttls check: error: TEXT; FIX</c>.</summary>
    public override string ToString() =>
        $"posttls check: {(Severity == Severity.Error ? "error" : "warning")}: {Text}; {Fix}";
}
