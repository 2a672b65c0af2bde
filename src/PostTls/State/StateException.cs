namespace PostTls.State;

/// <summary>The state database cannot be used; the message says which file and why. Nothing was acted on.</summary>
internal sealed class StateException(string message) : Exception(message);
