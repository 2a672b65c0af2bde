using PostTls.Postfix;

namespace PostTls.Check;

/// <summary>
/// Tags never leave this server: every smtp and lmtp client in master.cf must remove
/// X-PostTLS-ID from the copy it sends (smtp_header_checks, lmtp_header_checks; the queued
/// message keeps it). Asked of Postfix itself with <c>postmap -q</c>, table by table in order,
/// as the client applies them: the first table that answers decides, and it must say IGNORE.
/// </summary>
internal sealed class TagStripCheck : ICheck
{
    /// <summary>A header line as the smtp client would see it.</summary>
    private const string Probe = "X-PostTLS-ID: aaaaaaaaaaaaaaaa.1795340986.aaaaaaaaaaaaaaaa";

    private const string Table = "pcre:/etc/postfix/posttls-strip.pcre";

    public IEnumerable<Finding> Run(CheckContext context)
    {
        foreach (var service in context.Postfix.Services.Where(s => s.Command is "smtp" or "lmtp"))
        {
            var parameter = service.Command + "_header_checks";
            var value = context.Postfix.Effective(service, parameter);
            if (Problem(context, value) is not { } problem)
            {
                continue;
            }

            var fix = context.Postfix.Override(service, parameter) is not null
                ? $"put {Table} first in the -o {parameter}= of {service.Id} and install postfix-snippets/posttls-strip.pcre"
                : $"set {parameter} = {Table} in main.cf (first, before any table of your own) and install postfix-snippets/posttls-strip.pcre";
            yield return Finding.Error(CheckArea.Filter,
                $"{service.Id} {parameter} ({(value.Length == 0 ? "none" : value)}) {problem}: every message it delivers carries its X-PostTLS-ID tag out of this server, where anyone who receives it can copy the tag",
                fix);
        }
    }

    /// <summary>Null when the tables remove the tag; otherwise what is wrong.</summary>
    private static string? Problem(CheckContext context, string value)
    {
        if (LookupTable.Missing(context.System, value) is [var missing, ..])
        {
            return $"names {missing}, which does not exist";
        }

        foreach (var table in LookupTable.Parse(value))
        {
            IReadOnlyDictionary<string, string> found;
            try
            {
                found = context.Queue.Lookup(table.ToString(), [Probe]);
            }
            catch (PostfixException e)
            {
                return $"cannot be read ({e.Message})";
            }

            if (found.Values.FirstOrDefault() is { } action)
            {
                return action.StartsWith("IGNORE", StringComparison.OrdinalIgnoreCase)
                    ? null
                    : $"answers \"{action}\" for X-PostTLS-ID in {table}, not IGNORE";
            }
        }

        return "does not remove X-PostTLS-ID";
    }
}
