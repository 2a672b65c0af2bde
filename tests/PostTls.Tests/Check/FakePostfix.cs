using System.Text.RegularExpressions;
using PostTls.Postfix;

namespace PostTls.Tests.Check;

/// <summary>
/// The Postfix commands the checks use, answered from a master.cf text, a main.cf dictionary
/// and the lookup tables' texts in a <see cref="FakeSystem"/> (pcre/regexp tables are
/// evaluated, case-insensitively and with $n substituted as Postfix does; other tables are
/// "key value" lines).
/// </summary>
internal sealed class FakePostfix(FakeSystem system) : IPostfixQueue
{
    public List<MasterService> Services { get; } = [];

    public List<ServiceParameter> ServiceOverrides { get; } = [];

    public Dictionary<string, string> Main { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, every postconf call fails with it.</summary>
    public string? Failure { get; set; }

    /// <summary>
    /// Adds master.cf entries written as in master.cf (comments, continuation lines); their
    /// -o pairs become service parameters, as postconf -P shows them.
    /// </summary>
    public void AddMasterCf(string text)
    {
        var logical = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            if (line.TrimStart().StartsWith('#') || line.Trim().Length == 0)
            {
                continue;
            }

            if (char.IsWhiteSpace(line[0]) && logical.Count > 0)
            {
                logical[^1] += " " + line.Trim();
            }
            else
            {
                logical.Add(line.Trim());
            }
        }

        foreach (var service in MasterCfOutput.ParseServices(string.Join('\n', logical)))
        {
            Remove(service.Name, service.Type);
            Services.Add(service);
            for (var i = 0; i + 1 < service.Arguments.Count; i++)
            {
                if (service.Arguments[i] == "-o" && service.Arguments[i + 1].IndexOf('=') is var equals and > 0)
                {
                    var pair = service.Arguments[i + 1];
                    ServiceOverrides.Add(new ServiceParameter(service.Name, service.Type, pair[..equals].Trim(), pair[(equals + 1)..].Trim()));
                }
            }
        }
    }

    public void Remove(string name, string type)
    {
        Services.RemoveAll(s => s.Name == name && s.Type == type);
        ServiceOverrides.RemoveAll(p => p.Service == name && p.Type == type);
    }

    /// <summary>Sets (or, with null, removes) one -o override of a service.</summary>
    public void Override(string service, string type, string name, string? value)
    {
        ServiceOverrides.RemoveAll(p => p.Service == service && p.Type == type && p.Name == name);
        if (value is not null)
        {
            ServiceOverrides.Add(new ServiceParameter(service, type, name, value));
        }
    }

    public IReadOnlyList<MasterService> MasterServices() => Failure is null ? Services : throw new PostfixException(Failure);

    public IReadOnlyList<ServiceParameter> ServiceParameters() => Failure is null ? ServiceOverrides : throw new PostfixException(Failure);

    public IReadOnlyDictionary<string, string> Parameters(params string[] names) =>
        Failure is null
            ? names.Where(Main.ContainsKey).ToDictionary(n => n, n => Main[n], StringComparer.Ordinal)
            : throw new PostfixException(Failure);

    public IReadOnlyDictionary<string, string> Lookup(string map, IReadOnlyList<string> keys)
    {
        var colon = map.IndexOf(':');
        var (type, name) = (map[..colon], map[(colon + 1)..]);
        if (system.ReadText(name) is not { } text)
        {
            return new Dictionary<string, string>();
        }

        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in keys)
        {
            var value = type is "pcre" or "regexp" ? MatchPattern(lines, key) : MatchKey(lines, key);
            if (value is not null)
            {
                found[key] = value;
            }
        }

        return found;
    }

    public void ListQueue(Action<ReadOnlySpan<byte>> output) => throw new NotSupportedException();

    public CommandResult Postcat(IReadOnlyList<string> queueIds) => throw new NotSupportedException();

    public CommandResult Postsuper(string option, string queueId) => throw new NotSupportedException();

    public CommandResult Postsuper(string option, IReadOnlyList<string> queueIds) => throw new NotSupportedException();

    public CommandResult DeliverNow(string queueId) => throw new NotSupportedException();

    public byte[]? Content(string queueId) => throw new NotSupportedException();

    public CommandResult Sendmail(string envelopeSender, string recipient, byte[] message) => throw new NotSupportedException();

    private static string? MatchPattern(List<string> lines, string key)
    {
        foreach (var line in lines)
        {
            var end = line.LastIndexOf('/');
            if (!line.StartsWith('/') || end <= 0)
            {
                continue;
            }

            var valueStart = line.IndexOfAny([' ', '\t'], end);
            if (Regex.Match(key, line[1..end], RegexOptions.IgnoreCase | RegexOptions.CultureInvariant) is { Success: true } match)
            {
                // $1 or ${1} in the result is the text the group matched, as Postfix substitutes it.
                var value = valueStart < 0 ? "" : line[valueStart..].Trim();
                return Regex.Replace(value, @"\$\{?([0-9])\}?", g => match.Groups[g.Groups[1].Value[0] - '0'].Value);
            }
        }

        return null;
    }

    private static string? MatchKey(List<string> lines, string key) =>
        lines.Select(l => l.Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length == 2 && parts[0].Equals(key, StringComparison.OrdinalIgnoreCase))
            .Select(parts => parts[1].Trim())
            .FirstOrDefault();
}
