using System.Text;

namespace PostTls.Notify.Templates;

/// <summary>The template files for one kind of mail and one language, as read from template_directory.</summary>
/// <param name="Text">The .txt template, or null when there is none.</param>
/// <param name="Html">The .html template, or null when there is none.</param>
internal sealed record TemplateFiles(string? Text, string? Html, string TextPath, string HtmlPath)
{
    // A template is a page of text; anything much larger is a mistake.
    public const int MaxFileBytes = 64 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads <c>KIND.LANG.txt</c> and <c>KIND.LANG.html</c>. A missing file is simply null.
    /// Returns null, with a warning, when the directory or a file cannot be used (missing
    /// directory, unreadable, too large, not UTF-8); null without one when neither file exists.
    /// </summary>
    public static TemplateFiles? Load(string directory, string kind, string language, ICollection<string> warnings)
    {
        if (!Directory.Exists(directory))
        {
            warnings.Add($"template_directory {directory} does not exist or cannot be read; using the built-in texts");
            return null;
        }

        var textPath = Path.Combine(directory, $"{kind}.{language}.txt");
        var htmlPath = Path.Combine(directory, $"{kind}.{language}.html");
        if (!TryRead(textPath, warnings, out var text) || !TryRead(htmlPath, warnings, out var html))
        {
            return null;
        }

        return text is null && html is null ? null : new TemplateFiles(text, html, textPath, htmlPath);
    }

    private static bool TryRead(string path, ICollection<string> warnings, out string? content)
    {
        content = null;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read);
            if (stream.Length > MaxFileBytes)
            {
                warnings.Add($"template {path} is larger than {MaxFileBytes} bytes; using the built-in texts");
                return false;
            }

            using var reader = new StreamReader(stream, StrictUtf8, detectEncodingFromByteOrderMarks: false);
            content = reader.ReadToEnd().TrimStart('\uFEFF');
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            var why = e is DecoderFallbackException ? "it is not valid UTF-8" : Unix.IoMessages.Describe(e);
            warnings.Add($"cannot use template {path}: {why}; using the built-in texts");
            return false;
        }
    }
}
