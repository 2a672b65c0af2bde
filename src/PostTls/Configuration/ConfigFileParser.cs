namespace PostTls.Configuration;

/// <summary>
/// Reads posttls.conf in Postfix main.cf syntax: <c>name = value</c>; lines whose first
/// non-blank character is <c>#</c> and blank lines are ignored; a line that starts with
/// whitespace continues the previous logical line. The last assignment of a name wins,
/// as in main.cf.
/// </summary>
internal static class ConfigFileParser
{
    public static IReadOnlyDictionary<string, ConfigEntry> Parse(string fileName, string text)
    {
        var entries = new Dictionary<string, ConfigEntry>(StringComparer.Ordinal);
        string? pending = null;
        var pendingLine = 0;
        var lineNumber = 0;

        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            if (char.IsWhiteSpace(line[0]))
            {
                if (pending is null)
                {
                    throw new ConfigException($"{fileName}, line {lineNumber}: continuation line without a setting before it");
                }

                pending += " " + trimmed.TrimEnd();
                continue;
            }

            if (pending is not null)
            {
                Add(entries, fileName, pending, pendingLine);
            }

            pending = line.TrimEnd();
            pendingLine = lineNumber;
        }

        if (pending is not null)
        {
            Add(entries, fileName, pending, pendingLine);
        }

        return entries;
    }

    private static void Add(Dictionary<string, ConfigEntry> entries, string fileName, string logicalLine, int line)
    {
        var equals = logicalLine.IndexOf('=');
        if (equals < 0)
        {
            throw new ConfigException($"{fileName}, line {line}: expected \"name = value\", found \"{Shorten(logicalLine)}\"");
        }

        var name = logicalLine[..equals].Trim();
        if (name.Length == 0 || !IsName(name))
        {
            throw new ConfigException($"{fileName}, line {line}: \"{Shorten(name)}\" is not a valid setting name");
        }

        if (SettingDefinitions.Find(name) is null)
        {
            throw new ConfigException($"{fileName}, line {line}: unknown setting \"{Shorten(name)}\" (see man 5 posttls.conf)");
        }

        entries[name] = new ConfigEntry(name, logicalLine[(equals + 1)..].Trim(), line);
    }

    internal static bool IsName(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    internal static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
