namespace PostTls.Configuration;

/// <summary>Splits list settings the way Postfix does: on commas and blanks.</summary>
internal static class ListValues
{
    public static string[] Split(string value) =>
        value.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A domain name of letters, digits, hyphens and dots (IDNs in their ASCII form).</summary>
    public static bool IsDomain(string value) =>
        value.Length is > 0 and <= 253 && !value.StartsWith('.') && !value.EndsWith('.') && !value.Contains("..", StringComparison.Ordinal)
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');
}
