namespace PostTls.Postfix;

/// <summary>Parses what <c>postconf -M</c> and <c>postconf -P</c> print.</summary>
internal static class MasterCfOutput
{
    private const int Columns = 7;

    /// <summary>
    /// One service per line: seven columns, the command, its arguments. A <c>{ ... }</c> group
    /// (<c>-o {name = value with blanks}</c>) is one argument, without its braces.
    /// </summary>
    public static IReadOnlyList<MasterService> ParseServices(string output)
    {
        var services = new List<MasterService>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = Tokens(line);
            if (fields.Count <= Columns)
            {
                continue;
            }

            services.Add(new MasterService(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6], fields[7], fields.Skip(Columns + 1).ToArray()));
        }

        return services;
    }

    /// <summary>Lines of the form <c>service/type/name = value</c>; the service name itself may contain a slash.</summary>
    public static IReadOnlyList<ServiceParameter> ParseParameters(string output)
    {
        var parameters = new List<ServiceParameter>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = line.IndexOf(" =", StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var key = line[..equals];
            var value = line[(equals + 2)..].Trim();
            var nameSlash = key.LastIndexOf('/');
            var typeSlash = nameSlash > 0 ? key.LastIndexOf('/', nameSlash - 1) : -1;
            if (typeSlash <= 0)
            {
                continue;
            }

            parameters.Add(new ServiceParameter(key[..typeSlash], key[(typeSlash + 1)..nameSlash], key[(nameSlash + 1)..], value));
        }

        return parameters;
    }

    private static List<string> Tokens(string line)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < line.Length)
        {
            if (char.IsWhiteSpace(line[i]))
            {
                i++;
                continue;
            }

            if (line[i] == '{')
            {
                var close = line.IndexOf('}', i + 1);
                var end = close < 0 ? line.Length : close;
                tokens.Add(line[(i + 1)..end].Trim());
                i = end + 1;
                continue;
            }

            var start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i]))
            {
                i++;
            }

            tokens.Add(line[start..i]);
        }

        return tokens;
    }
}
