namespace PostTls.Notify.Templates;

/// <summary>A notification's subject and parts from site templates; a null part means the built-in one.</summary>
internal sealed record RenderedBody(string Subject, string? Text, string? Html);
