using System.Text;

namespace PostTls.Configuration;

/// <summary>The commented posttls.conf that <c>posttls init</c> writes: every setting, commented out at its default.</summary>
internal static class DefaultConfigFile
{
    public static string Render()
    {
        var text = new StringBuilder();
        text.Append("""
            # posttls.conf - PostTLS configuration, see man 5 posttls.conf.
            #
            # Syntax as Postfix's main.cf: "name = value", lines starting with whitespace
            # continue the previous line, $name refers to another posttls setting.
            # Every setting below is shown commented out at its default value.

            """);
        foreach (var setting in SettingDefinitions.All)
        {
            text.Append('\n');
            foreach (var line in Wrap(setting.Summary, 76))
            {
                text.Append("# ").Append(line).Append('\n');
            }

            text.Append('#').Append(setting.Name).Append(" =").Append(setting.Default.Length > 0 ? " " + setting.Default : "").Append('\n');
        }

        return text.ToString();
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }
}
