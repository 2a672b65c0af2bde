using PostTls.Configuration;
using PostTls.Postfix;

namespace PostTls.Check;

/// <summary>
/// What a restriction list does with mail to an action address: the first
/// check_recipient_access table with an entry for one (postmap -q of a sample address and its
/// domain), and the restrictions that entry stands for, a restriction class
/// (smtpd_restriction_classes) resolved.
/// </summary>
internal static class ActionAccess
{
    /// <param name="Position">Where the table is in the list.</param>
    /// <param name="Restrictions">The entry's restrictions, in order.</param>
    public sealed record Answer(int Position, LookupTable Table, IReadOnlyList<string> Restrictions)
    {
        /// <summary>Whether the entry ends in a refusal, so that it guards the addresses at all.</summary>
        public bool Guards => Restrictions.Any(IsRefusal);
    }

    /// <summary>The first table that answers for <paramref name="sample"/>, and the tables the list names that do not exist.</summary>
    public static (Answer? Found, List<Finding> Problems) Find(CheckContext context, string restrictions, string sample)
    {
        var items = ListValues.Split(restrictions);
        var problems = new List<Finding>();
        for (var i = 0; i + 1 < items.Length; i++)
        {
            if (items[i] != "check_recipient_access")
            {
                continue;
            }

            foreach (var table in LookupTable.Parse(items[i + 1]))
            {
                if (LookupTable.Missing(context.System, table.ToString()).Count > 0)
                {
                    problems.Add(Finding.Error(CheckArea.Routing, $"smtpd_recipient_restrictions names {table}, which does not exist",
                        "install postfix-snippets/posttls-actions.pcre there"));
                    continue;
                }

                if (Entry(context, table, sample) is { } entry)
                {
                    return (new Answer(i, table, Resolve(context, entry)), problems);
                }
            }
        }

        return (null, problems);
    }

    /// <summary>REJECT, a 4xx/5xx reply, reject_* or defer_*: where evaluation stops without a permit.</summary>
    public static bool IsRefusal(string restriction) =>
        restriction.StartsWith("reject", StringComparison.OrdinalIgnoreCase) || restriction.StartsWith("defer", StringComparison.OrdinalIgnoreCase)
        || (restriction.Length == 3 && restriction[0] is '4' or '5' && restriction.All(char.IsAsciiDigit));

    private static string? Entry(CheckContext context, LookupTable table, string sample)
    {
        var domain = sample[(sample.LastIndexOf('@') + 1)..];
        try
        {
            var found = context.Queue.Lookup(table.ToString(), [sample, domain]);
            return found.TryGetValue(sample, out var value) || found.TryGetValue(domain, out value) ? value : null;
        }
        catch (Exception e) when (e is PostfixException or ArgumentException)
        {
            return null;
        }
    }

    private static string[] Resolve(CheckContext context, string entry)
    {
        var words = ListValues.Split(entry);
        var classes = ListValues.Split(context.Postfix.Main("smtpd_restriction_classes"));
        if (words.Length != 1 || !classes.Contains(words[0], StringComparer.Ordinal))
        {
            return words;
        }

        try
        {
            return context.Queue.Parameters(words[0]).TryGetValue(words[0], out var value) ? ListValues.Split(value) : words;
        }
        catch (PostfixException)
        {
            return words;
        }
    }
}
