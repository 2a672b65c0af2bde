namespace PostTls.Admin;

/// <summary>
/// Rows in aligned columns under upper-case headings, two spaces apart, with no trailing
/// white space, so the output reads at a glance and still splits on white space for awk.
/// </summary>
internal sealed class TextTable(params string[] headings)
{
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public void Add(params string[] cells)
    {
        if (cells.Length != headings.Length)
        {
            throw new ArgumentException($"{cells.Length} cells for {headings.Length} columns", nameof(cells));
        }

        _rows.Add(cells);
    }

    /// <param name="withHeadings">False where a title above the rows says it all; the headings still count for the widths.</param>
    public void Write(TextWriter output, bool withHeadings = true)
    {
        var widths = headings.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in withHeadings ? _rows.Prepend(headings) : _rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
    }
}
