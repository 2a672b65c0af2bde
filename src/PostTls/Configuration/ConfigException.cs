namespace PostTls.Configuration;

/// <summary>A configuration file that cannot be used; the message names file, line and setting.</summary>
internal sealed class ConfigException(string message) : Exception(message);
