using System.Text;

namespace PostTls.Configuration;

/// <summary>
/// Expands <c>$name</c> and <c>${name}</c> references to other posttls settings, as
/// Postfix does in main.cf; <c>$$</c> is a literal dollar sign.
/// </summary>
internal static class ValueExpander
{
    private const int MaxDepth = 20;

    /// <summary>
    /// No posttls value needs more. References can multiply ($a holding ten $b, each ten $c):
    /// a few lines could otherwise ask for more memory than there is.
    /// </summary>
    public const int MaxExpandedLength = 64 * 1024;

    /// <param name="value">The raw value.</param>
    /// <param name="lookup">Returns the raw value of another setting, or null if there is none.</param>
    /// <param name="where">File, line and setting, for error messages.</param>
    /// <param name="self">The setting being expanded, so that a reference to itself is caught.</param>
    public static string Expand(string value, Func<string, string?> lookup, string where, string self) =>
        Expand(value, lookup, where, [self]);

    private static string Expand(string value, Func<string, string?> lookup, string where, List<string> stack)
    {
        if (!value.Contains('$'))
        {
            return value;
        }

        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '$')
            {
                result.Append(c);
                continue;
            }

            if (i + 1 < value.Length && value[i + 1] == '$')
            {
                result.Append('$');
                i++;
                continue;
            }

            string name;
            if (i + 1 < value.Length && value[i + 1] == '{')
            {
                var close = value.IndexOf('}', i + 2);
                if (close < 0)
                {
                    throw new ConfigException($"{where}: missing \"}}\" after \"${{\"");
                }

                name = value[(i + 2)..close];
                i = close;
            }
            else
            {
                var end = i + 1;
                while (end < value.Length && (char.IsAsciiLetterOrDigit(value[end]) || value[end] == '_'))
                {
                    end++;
                }

                name = value[(i + 1)..end];
                i = end - 1;
            }

            if (name.Length == 0 || !ConfigFileParser.IsName(name))
            {
                throw new ConfigException($"{where}: \"$\" must be followed by a setting name (write $$ for a dollar sign)");
            }

            var referenced = lookup(name)
                ?? throw new ConfigException($"{where}: ${ConfigFileParser.Shorten(name)} refers to an unknown setting");
            if (stack.Contains(name) || stack.Count >= MaxDepth)
            {
                throw new ConfigException($"{where}: ${name} refers to itself through {string.Join(" -> ", stack)}");
            }

            stack.Add(name);
            result.Append(Expand(referenced, lookup, where, stack));
            stack.RemoveAt(stack.Count - 1);
            if (result.Length > MaxExpandedLength)
            {
                throw new ConfigException($"{where}: the value is too long once references are expanded (over {MaxExpandedLength} characters)");
            }
        }

        return result.ToString();
    }
}
