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

    /// <summary>Every action address of <paramref name="action"/> in the mail, in order, each once.</summary>
    public static IReadOnlyList<string> Addresses(string mail, string action) =>
        Pattern().Matches(mail).Where(m => m.Groups[1].Value == action).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"posttls-(send|delete|always|forget)-[a-z2-7]{16}-(?:[a-z2-7]{6}-)?[0-9]+-[a-z2-7]{16}@mail\.posttls\.test")]
    private static partial Regex Pattern();
}
