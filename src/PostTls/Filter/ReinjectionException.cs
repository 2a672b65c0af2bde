namespace PostTls.Filter;

/// <summary>Reinjection failed in a way that Postfix should retry (the filter exits 75).</summary>
internal sealed class ReinjectionException(string message) : Exception(message)
{
}
