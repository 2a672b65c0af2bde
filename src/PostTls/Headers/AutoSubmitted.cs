namespace PostTls.Headers;

/// <summary>
/// RFC 3834's Auto-Submitted field: mail a program sent. The filter does not tag it and the
/// sweep does not ask its sender: we never ask a robot to decide.
/// </summary>
internal static class AutoSubmitted
{
    public const string FieldName = "Auto-Submitted";

    /// <summary><c>no</c>, possibly followed by parameters or a comment, means a person sent it.</summary>
    public static bool IsNo(string value)
    {
        var token = value;
        var cut = token.IndexOfAny([';', '(', ' ', '\t']);
        if (cut >= 0)
        {
            token = token[..cut];
        }

        return token.Equals("no", StringComparison.OrdinalIgnoreCase);
    }
}
