namespace PostTls.Configuration;

/// <summary>A <c>name = value</c> assignment as written, with the line where it starts.</summary>
internal sealed record ConfigEntry(string Name, string RawValue, int Line);
