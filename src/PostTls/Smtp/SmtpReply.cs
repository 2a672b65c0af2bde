namespace PostTls.Smtp;

/// <summary>
/// A server reply: the three-digit code and the text of each line without the
/// <c>250-</c>/<c>250 </c> prefix.
/// </summary>
internal sealed record SmtpReply(int Code, IReadOnlyList<string> Lines)
{
    /// <summary>2xx (completed) or 3xx (go on, e.g. 354 after DATA).</summary>
    public bool IsPositive => Code is >= 200 and < 400;

    /// <summary>4xx: try again later.</summary>
    public bool IsTransient => Code is >= 400 and < 500;

    /// <summary>5xx: do not repeat as is.</summary>
    public bool IsPermanent => Code is >= 500 and < 600;

    /// <summary>
    /// The RFC 3463 code that starts the first line, e.g. <c>5.1.1</c>, or null. Its class must
    /// match the reply code's first digit, as RFC 2034 requires; otherwise it is not one.
    /// </summary>
    public string? EnhancedStatus { get; } = ParseEnhancedStatus(Code, Lines);

    /// <summary>The reply as one line for messages and logs, e.g. <c>550 5.1.1 &lt;a@b&gt;: User unknown</c>.</summary>
    public override string ToString() =>
        Lines.Count == 0 ? Code.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Code} {string.Join(" ", Lines)}";

    private static string? ParseEnhancedStatus(int code, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
        {
            return null;
        }

        var text = lines[0].AsSpan();
        var end = text.IndexOf(' ');
        var candidate = end < 0 ? text : text[..end];

        // class "." subject "." detail: class 2, 4 or 5; subject and detail 1 to 3 digits.
        if (candidate.Length < 5 || candidate[0] - '0' != code / 100 || candidate[1] != '.')
        {
            return null;
        }

        var rest = candidate[2..];
        var dot = rest.IndexOf('.');
        return dot > 0 && IsNumber(rest[..dot]) && IsNumber(rest[(dot + 1)..]) ? candidate.ToString() : null;
    }

    private static bool IsNumber(ReadOnlySpan<char> digits) =>
        digits.Length is >= 1 and <= 3 && !digits.ContainsAnyExceptInRange('0', '9');
}
