namespace PostTls.Check;

/// <summary>A lookup table named in a parameter, <c>type:name</c>, e.g. <c>pcre:/etc/postfix/posttls-release.pcre</c>.</summary>
internal sealed record LookupTable(string Type, string Name)
{
    private static readonly string[] FileTypes = ["pcre", "regexp", "texthash", "cidr", "hash", "btree", "lmdb", "cdb", "dbm"];

    /// <summary>The tables in a list value such as <c>pcre:/a, hash:/b</c>; items without a type are left out.</summary>
    public static IReadOnlyList<LookupTable> Parse(string value) =>
        Configuration.ListValues.Split(value)
            .Select(item => item.IndexOf(':') is var colon and > 0 ? new LookupTable(item[..colon].ToLowerInvariant(), item[(colon + 1)..]) : null)
            .OfType<LookupTable>()
            .ToArray();

    /// <summary>The file-based tables of a list value whose file does not exist.</summary>
    public static IReadOnlyList<LookupTable> Missing(ISystemProbe system, string value) =>
        Parse(value).Where(t => t.SourceFile is { } file && system.Status(file) is null).ToArray();

    /// <summary>The table's source file, for types that have one (for indexed types, the file postmap reads).</summary>
    public string? SourceFile => FileTypes.Contains(Type) && Name.StartsWith('/') ? Name : null;

    /// <summary>
    /// The file a program that looks the table up must read: the source for pcre, regexp,
    /// texthash and cidr, the indexed file for hash, btree, lmdb, cdb and dbm, the client
    /// configuration for mysql, pgsql, ldap, sqlite and memcache; null for other types.
    /// </summary>
    public string? ReadFile => !Name.StartsWith('/') ? null : Type switch
    {
        "pcre" or "regexp" or "texthash" or "cidr" or "mysql" or "pgsql" or "ldap" or "sqlite" or "memcache" => Name,
        "hash" or "btree" => Name + ".db",
        "lmdb" => Name + ".lmdb",
        "cdb" => Name + ".cdb",
        "dbm" => Name + ".pag",
        _ => null,
    };

    public override string ToString() => Type + ":" + Name;

    /// <summary>The non-comment lines of the table's source file; null when it has none or it cannot be read.</summary>
    public IReadOnlyList<string>? Lines(ISystemProbe system) =>
        SourceFile is { } file && system.ReadText(file) is { } text
            ? text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray()
            : null;
}
