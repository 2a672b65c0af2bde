using System.Text;

namespace PostTls.Notify.Rendering;

/// <summary>Word wrapping for the text/plain part, so it reads well in any mail client.</summary>
internal static class TextWrapper
{
    public const int Width = 72;

    /// <summary>
    /// Breaks <paramref name="text"/> at spaces into lines of at most <see cref="Width"/>
    /// characters where possible; a longer word (an address) is never broken. Each line ends
    /// in "\n".
    /// </summary>
    public static string Wrap(string text, string firstIndent = "", string restIndent = "")
    {
        var output = new StringBuilder();
        var line = new StringBuilder(firstIndent);
        var lineHasWord = false;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (lineHasWord && line.Length + 1 + word.Length > Width)
            {
                output.Append(line).Append('\n');
                line.Clear().Append(restIndent);
                lineHasWord = false;
            }

            if (lineHasWord)
            {
                line.Append(' ');
            }

            line.Append(word);
            lineHasWord = true;
        }

        return output.Append(line).Append('\n').ToString();
    }
}
