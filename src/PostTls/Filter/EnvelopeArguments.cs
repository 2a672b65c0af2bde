namespace PostTls.Filter;

/// <summary>
/// Checks the envelope that pipe(8) hands over before it reaches sendmail's command line:
/// addresses are single printable tokens and recipients cannot pass for options.
/// </summary>
internal static class EnvelopeArguments
{
    /// <summary>RFC 5321 limits a path to 256 octets; allow some slack for quoting.</summary>
    private const int MaxAddressLength = 1024;

    /// <returns>null when acceptable, else what is wrong.</returns>
    public static string? Check(string sender, IReadOnlyList<string> recipients)
    {
        if (!IsClean(sender))
        {
            return "the sender address contains control characters or is too long";
        }

        if (recipients.Count == 0)
        {
            return "no recipient given";
        }

        foreach (var recipient in recipients)
        {
            if (recipient.Length == 0 || recipient[0] == '-' || !IsClean(recipient))
            {
                return $"unusable recipient address \"{Printable(recipient)}\"";
            }
        }

        return null;
    }

    private static bool IsClean(string address) =>
        address.Length <= MaxAddressLength && !address.Any(char.IsControl);

    private static string Printable(string text) => Text.SafeText.Cut(text, 83);
}
