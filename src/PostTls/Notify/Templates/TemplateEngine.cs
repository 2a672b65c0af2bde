using System.Text;
using PostTls.Text;

namespace PostTls.Notify.Templates;

/// <summary><c>{{name}}</c> substitution, nothing more: no conditions, loops or escapes.</summary>
internal static class TemplateEngine
{
    /// <summary>
    /// Replaces every placeholder with its value. Fails, with a reason for the log, on a name
    /// that is not in <paramref name="values"/> and on a "{{" without its "}}".
    /// </summary>
    /// <param name="used">The names the template uses.</param>
    public static bool TryRender(
        string template,
        IReadOnlyDictionary<string, string> values,
        out string result,
        out ISet<string> used,
        out string error)
    {
        var output = new StringBuilder(template.Length + 256);
        used = new HashSet<string>(StringComparer.Ordinal);
        result = error = "";
        var position = 0;
        while (true)
        {
            var open = template.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                output.Append(template, position, template.Length - position);
                result = output.ToString();
                return true;
            }

            var close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"\"{{{{\" without \"}}}}\" at offset {open}";
                return false;
            }

            var name = template[(open + 2)..close].Trim();
            if (!values.TryGetValue(name, out var value))
            {
                error = $"unknown placeholder {{{{{Shorten(name)}}}}}";
                return false;
            }

            used.Add(name);
            output.Append(template, position, open - position).Append(value);
            position = close + 2;
        }
    }

    // The name goes into a log line: one line, and not too long.
    private static string Shorten(string name)
    {
        var clean = SafeText.Clean(name);
        return clean.Length <= 40 ? clean : clean[..40] + "...";
    }
}
