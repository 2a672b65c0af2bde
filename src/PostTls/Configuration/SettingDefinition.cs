namespace PostTls.Configuration;

/// <summary>One posttls.conf setting: its contract name, default and a one-line summary for the default file.</summary>
internal sealed record SettingDefinition(string Name, string Default, SettingKind Kind, string Summary);
