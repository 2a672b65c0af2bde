using System.Text.RegularExpressions;
using PostTls.Notify.Templates;

namespace PostTls.Check;

/// <summary>
/// remember_choice_time offers a third action in every notice and reminder; a template in
/// template_directory that replaces their text without {{remember_addresses}} hides it, so the
/// setting silently does nothing for those senders.
/// </summary>
internal sealed partial class ChoiceTemplatesCheck : ICheck
{
    public IEnumerable<Finding> Run(CheckContext context)
    {
        var settings = context.Settings;
        if (settings.RememberChoiceTime <= TimeSpan.Zero || settings.TemplateDirectory.Length == 0)
        {
            yield break;
        }

        foreach (var kind in new[] { Notify.NoticeKind.Notice, Notify.NoticeKind.Reminder })
        {
            foreach (var extension in new[] { "txt", "html" })
            {
                var path = Path.Combine(settings.TemplateDirectory, $"{NoticeTemplates.KindName(kind)}.{settings.Language}.{extension}");
                if (context.System.ReadText(path) is { } template && !Placeholder().IsMatch(template))
                {
                    yield return Finding.Warning(CheckArea.Files,
                        $"template {path} does not offer \"send, and do the same for this domain\" ({{{{{TemplatePlaceholders.RememberAddresses}}}}}), "
                            + $"so senders never see it although remember_choice_time = {settings.RememberChoiceTime.TotalDays:0.##}d",
                        $"add {{{{{TemplatePlaceholders.RememberAddresses}}}}} to the template, or set remember_choice_time = 0 in posttls.conf");
                }
            }
        }
    }

    [GeneratedRegex(@"\{\{\s*remember_addresses\s*\}\}")]
    private static partial Regex Placeholder();
}
