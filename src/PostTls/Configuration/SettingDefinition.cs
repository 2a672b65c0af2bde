namespace PostTls.Configuration;

/// <summary>One posttls.conf setting: its contract name, default and a one-line summary for the default file.</summary>
/// <param name="MaximumDuration">For <see cref="SettingKind.Duration"/>: the largest value that makes sense.</param>
/// <param name="Choices">For <see cref="SettingKind.Choice"/>: the accepted values.</param>
internal sealed record SettingDefinition(string Name, string Default, SettingKind Kind, string Summary,
    TimeSpan? MaximumDuration = null, IReadOnlyList<string>? Choices = null);
