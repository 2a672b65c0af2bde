namespace PostTls.Notify.Document;

/// <summary>
/// One piece of a notification's body. The texts decide what is said, the builders decide
/// the order, and the renderers decide how it looks in text/plain and in text/html.
/// </summary>
internal abstract record Block;

/// <summary>A paragraph of running text.</summary>
internal sealed record Paragraph(string Text) : Block;

/// <summary>Label and value pairs, such as the original subject and date.</summary>
internal sealed record FactList(IReadOnlyList<Fact> Facts) : Block;

internal sealed record Fact(string Label, string Value);

/// <summary>The affected recipients, each with what went wrong in plain words.</summary>
internal sealed record RecipientList(IReadOnlyList<RecipientLine> Recipients) : Block;

internal sealed record RecipientLine(string Address, string Explanation);

/// <summary>
/// One decision the sender can make by mailing <see cref="Address"/>: a button in HTML, a line
/// with the plain address in text.
/// </summary>
/// <param name="Label">The button text, also the subject of the mail the button opens.</param>
/// <param name="Instruction">A sentence ending in ":" that the address follows.</param>
/// <param name="Caution">Styled as the riskier choice.</param>
internal sealed record ActionButton(string Label, string Instruction, string Address, bool Caution) : Block;

/// <summary>Secondary text, smaller in HTML.</summary>
internal sealed record FinePrint(string Text) : Block;

/// <summary>Short items, one per line.</summary>
internal sealed record BulletList(IReadOnlyList<string> Items) : Block;
