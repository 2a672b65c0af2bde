namespace PostTls.Filter;

/// <summary>
/// The input ended because pipe(8), its writer, died: the end was not the message's end, and
/// the copy must not be committed.
/// </summary>
internal sealed class WriterDiedException(long size)
    : Exception($"the input ended because its writer died, after {size} bytes; nothing reinjected")
{
}
