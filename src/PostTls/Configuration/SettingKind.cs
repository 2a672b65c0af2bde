namespace PostTls.Configuration;

/// <summary>How a setting's value is validated.</summary>
internal enum SettingKind
{
    /// <summary>An absolute path.</summary>
    Path,

    /// <summary>An absolute path, or empty to mean "not used" or "the built-in choice".</summary>
    OptionalPath,

    /// <summary>A Postfix time value: a number with an optional unit s, m, h, d or w (default s).</summary>
    Duration,
}
