using System.Text.RegularExpressions;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// Reads action addresses out of a delivered notice as grep finds them in the mailbox file:
/// the text part is 7bit or 8bit, so each address is whole on one line (issue 14, 2.8).
/// </summary>
internal static partial class ActionMail
{
    public static string Address(string notice, string action)
    {
        var match = Pattern().Matches(notice).FirstOrDefault(m => m.Groups[1].Value == action)
            ?? throw new InvalidOperationException($"no {action} address in the notice:\n{notice}");
        return match.Value;
    }

    [GeneratedRegex(@"posttls-(send|delete)-[a-z2-7]{16}-[0-9]+-[a-z2-7]{16}@mail\.posttls\.test")]
    private static partial Regex Pattern();
}
