namespace PostTls.Tagging;

/// <summary>The secret key cannot be used; the message says which file and why.</summary>
internal sealed class SecretKeyException(string message) : Exception(message);
