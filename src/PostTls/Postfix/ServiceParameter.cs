namespace PostTls.Postfix;

/// <summary>One <c>-o name=value</c> of a master.cf service as <c>postconf -P -x</c> prints it, <c>$name</c> expanded.</summary>
internal sealed record ServiceParameter(string Service, string Type, string Name, string Value);
