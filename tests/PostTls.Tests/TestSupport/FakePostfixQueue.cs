using PostTls.Postfix;

namespace PostTls.Tests.TestSupport;

/// <summary>
/// A Postfix queue in memory, for sweep and release tests without Postfix. It behaves like the
/// real commands where the code depends on it (postcat stops at the first missing ID with
/// exit 1; postsuper -d removes the file, -h/-H move it) and records every call in
/// <see cref="Calls"/>. Each command can be scripted: an <c>On…</c> hook that returns a result
/// (or throws) replaces the command; returning null lets the fake carry on as usual.
/// </summary>
internal sealed class FakePostfixQueue : IPostfixQueue
{
    /// <summary>The messages in the queue, listed in this order.</summary>
    public List<QueueFile> Files { get; } = [];

    /// <summary>Extra raw lines appended to the <c>postqueue -j</c> output (malformed ones, say).</summary>
    public List<string> ExtraListLines { get; } = [];

    /// <summary>Replaces postqueue -j when set; may throw <see cref="PostfixException"/>.</summary>
    public Func<IReadOnlyList<string>>? OnListQueue { get; set; }

    /// <summary>Replaces postcat -q -e -h for the IDs given when it returns non-null.</summary>
    public Func<IReadOnlyList<string>, CommandResult?>? OnPostcat { get; set; }

    /// <summary>Replaces postsuper for (option, ID) when it returns non-null.</summary>
    public Func<string, string, CommandResult?>? OnPostsuper { get; set; }

    /// <summary>Replaces sendmail for (envelope sender, recipient, message) when it returns non-null.</summary>
    public Func<string, string, byte[], CommandResult?>? OnSendmail { get; set; }

    /// <summary>What <c>postconf -h</c> answers; names not here are not printed.</summary>
    public Dictionary<string, string> ParameterValues { get; } = new(StringComparer.Ordinal);

    /// <summary>Lookup tables by name ("hash:/etc/postfix/transport"): key → value or null.</summary>
    public Dictionary<string, Func<string, string?>> Maps { get; } = new(StringComparer.Ordinal);

    /// <summary>Every command in order, e.g. "postqueue -j", "postcat ID1 ID2", "postsuper -d ID", "sendmail -f S -- R".</summary>
    public List<string> Calls { get; } = [];

    /// <summary>Every <c>postmap -q</c>: the table and the keys it was asked for.</summary>
    public List<(string Map, IReadOnlyList<string> Keys)> Lookups { get; } = [];

    /// <summary>Mail that sendmail accepted.</summary>
    public List<SentMail> Sent { get; } = [];

    /// <summary>How many calls of a command ("postcat", "postsuper", "sendmail"…) were made.</summary>
    public int CallCount(string command) => Calls.Count(c => c == command || c.StartsWith(command + " ", StringComparison.Ordinal));

    public QueueFile? Find(string queueId) => Files.Find(f => f.QueueId == queueId);

    /// <summary>The lines, each with its newline, handed over in pieces of <see cref="ListPieceSize"/> bytes as a pipe may.</summary>
    /// <summary>How often a run asked for the listing early (the real queue then starts postqueue -j before the database opens).</summary>
    public int ListingsStarted { get; private set; }

    /// <summary>How often a run disposed of the queue (the real one then kills a listing it never read).</summary>
    public int Disposals { get; private set; }

    public void StartListing() => ListingsStarted++;

    public void Dispose() => Disposals++;

    public void ListQueue(Action<ReadOnlySpan<byte>> output)
    {
        Calls.Add("postqueue -j");
        IReadOnlyList<string> lines = OnListQueue is not null ? OnListQueue() : [.. Files.Select(f => f.JsonLine()), .. ExtraListLines];
        var bytes = System.Text.Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
        for (var at = 0; at < bytes.Length; at += ListPieceSize)
        {
            output(bytes.AsSpan(at, Math.Min(ListPieceSize, bytes.Length - at)));
        }
    }

    /// <summary>The size of the pieces <see cref="ListQueue"/> hands over: lines split anywhere.</summary>
    public int ListPieceSize { get; set; } = 97;

    public CommandResult Postcat(IReadOnlyList<string> queueIds)
    {
        Calls.Add("postcat " + string.Join(' ', queueIds));
        if (OnPostcat?.Invoke(queueIds) is { } scripted)
        {
            return scripted;
        }

        var output = new System.Text.StringBuilder();
        foreach (var id in queueIds)
        {
            if (Find(id) is not { } file)
            {
                return new CommandResult(1, output.ToString(), $"postcat: fatal: open queue file {id}: No such file or directory\n");
            }

            output.Append(file.PostcatText());
        }

        return new CommandResult(0, output.ToString(), "");
    }

    public CommandResult Postsuper(string option, string queueId) => Postsuper(option, [queueId]);

    /// <summary>One call for all the IDs, as postsuper runs once; a scripted failure for any ID fails the run after the others were done.</summary>
    public CommandResult Postsuper(string option, IReadOnlyList<string> queueIds)
    {
        Calls.Add($"postsuper {option} {string.Join(' ', queueIds)}");
        var results = queueIds.Select(id => PostsuperOne(option, id)).ToList();
        return results.FirstOrDefault(r => !r.Succeeded) ?? new CommandResult(0, "", string.Concat(results.Select(r => r.Error)));
    }

    private CommandResult PostsuperOne(string option, string queueId)
    {
        if (OnPostsuper?.Invoke(option, queueId) is { } scripted)
        {
            return scripted;
        }

        if (Find(queueId) is not { } file)
        {
            return new CommandResult(0, "", $"postsuper: warning: {queueId}: no such file\n");
        }

        switch (option)
        {
            case "-d":
                Files.Remove(file);
                break;
            case "-h":
                file.QueueName = "hold";
                break;
            case "-H":
                file.QueueName = "deferred";
                break;
            case "-f":
                file.ForcedExpire = true;
                break;
        }

        return new CommandResult(0, "", "");
    }

    /// <summary>The sweep and apply never read master.cf; posttls check has its own fakes.</summary>
    public IReadOnlyList<MasterService> MasterServices() => [];

    public IReadOnlyList<ServiceParameter> ServiceParameters() => [];

    public CommandResult DeliverNow(string queueId)
    {
        Calls.Add("postqueue -i " + queueId);
        return new CommandResult(0, "", "");
    }

    public byte[]? Content(string queueId)
    {
        Calls.Add("postcat -bh " + queueId);
        return Find(queueId)?.Content();
    }

    public IReadOnlyDictionary<string, string> Parameters(params string[] names)
    {
        Calls.Add("postconf " + string.Join(' ', names));
        return names.Where(ParameterValues.ContainsKey).ToDictionary(n => n, n => ParameterValues[n], StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, string> Lookup(string map, IReadOnlyList<string> keys)
    {
        Calls.Add("postmap -q - " + map);
        Lookups.Add((map, keys.ToList()));
        if (!Maps.TryGetValue(map, out var table))
        {
            throw new PostfixException($"postmap -q - {map} failed: postmap: fatal: open {map}: No such file or directory");
        }

        var found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in keys)
        {
            if (table(key) is { } value)
            {
                found[key] = value;
            }
        }

        return found;
    }

    public CommandResult Sendmail(string envelopeSender, string recipient, byte[] message)
    {
        Calls.Add($"sendmail -f {envelopeSender} -- {recipient}");
        if (OnSendmail?.Invoke(envelopeSender, recipient, message) is { } scripted)
        {
            return scripted;
        }

        Sent.Add(new SentMail(envelopeSender, recipient, message));
        return new CommandResult(0, "", "");
    }

    /// <summary>A table answering exactly the given keys (compared case-insensitively, as Postfix folds fixed keys).</summary>
    public static Func<string, string?> Table(params (string Key, string Value)[] entries)
    {
        var map = entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.OrdinalIgnoreCase);
        return key => map.GetValueOrDefault(key);
    }
}

/// <summary>A mail sendmail accepted.</summary>
internal sealed record SentMail(string EnvelopeSender, string Recipient, byte[] Message)
{
    /// <summary>The whole mail with quoted-printable soft line breaks removed, so words and addresses are whole.</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(Message).Replace("=\r\n", "", StringComparison.Ordinal);
}
