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

    /// <summary>A time value as <see cref="Duration"/>, or 0 to switch the feature off.</summary>
    DurationOrOff,

    /// <summary>Time values separated by commas or blanks, in increasing order; may be empty.</summary>
    DurationList,

    /// <summary>One of <see cref="SettingDefinition.Choices"/>.</summary>
    Choice,

    /// <summary>A domain name, or empty for the built-in choice.</summary>
    Domain,

    /// <summary>Domain names separated by commas or blanks; a leading dot means "its subdomains". May be empty.</summary>
    DomainList,

    /// <summary>A master.cf service name: letters, digits, '-', '_' and '.'.</summary>
    ServiceName,

    /// <summary>A loopback address and port, 127.0.0.1:10026 or [::1]:10026; empty for "not used".</summary>
    OptionalLoopbackEndpoint,

    /// <summary>A master.cf service name, or empty for "not used".</summary>
    OptionalServiceName,

    /// <summary>A systemd timer unit name: letters, digits, '-', '_', '.', '@' and '\', ending in ".timer".</summary>
    TimerUnit,

    /// <summary>One line of text (an address, or a display name and address).</summary>
    Text,
}
