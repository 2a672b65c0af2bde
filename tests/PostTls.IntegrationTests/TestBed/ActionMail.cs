using System.Text.RegularExpressions;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>Reads action addresses out of a delivered notice, as a sender's mail client shows them.</summary>
internal static partial class ActionMail
{
    public static string Address(string notice, string action)
    {
        // The text part is quoted-printable: undo soft line breaks before looking.
        var text = notice.Replace("=\r\n", "", StringComparison.Ordinal).Replace("=\n", "", StringComparison.Ordinal);
        var match = Pattern().Matches(text).FirstOrDefault(m => m.Groups[1].Value == action)
            ?? throw new InvalidOperationException($"no {action} address in the notice:\n{notice}");
        return match.Value;
    }

    [GeneratedRegex(@"posttls-(send|delete)-[a-z2-7]{16}-[0-9]+-[a-z2-7]{16}@mail\.posttls\.test")]
    private static partial Regex Pattern();
}
