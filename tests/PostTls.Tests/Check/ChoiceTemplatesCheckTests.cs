using PostTls.Check;
using static PostTls.Check.Severity;

namespace PostTls.Tests.Check;

public sealed class ChoiceTemplatesCheckTests
{
    private const string Templates = "/etc/posttls/templates";

    private static readonly CheckCase[] Cases =
    [
        new("built-in texts", _ => { }),
        new("template with the placeholder", s => WithTemplate(s, "notice.en.txt", "Choose: {{ remember_addresses }}")),
        new("template without it, choices off", s =>
        {
            WithTemplate(s, "notice.en.txt", "Choose: {{release_address}}");
            s.ConfigText += "remember_choice_time = 0\n";
        }),
        new("notice template without it", s => WithTemplate(s, "notice.en.txt", "Choose: {{release_address}}"),
            Warning, "template /etc/posttls/templates/notice.en.txt does not offer \"send, and do the same for this domain\" ({{remember_addresses}}), so senders never see it although remember_choice_time = 14d"),
        new("reminder html template without it", s => WithTemplate(s, "reminder.en.html", "<p>{{release_address}}</p>"),
            Warning, "template /etc/posttls/templates/reminder.en.html does not offer \"send, and do the same for this domain\" ({{remember_addresses}}), so senders never see it although remember_choice_time = 14d"),
        new("another language's template", s => WithTemplate(s, "notice.de.txt", "Bitte: {{release_address}}")),
    ];

    public static TheoryData<string> Names => CheckCase.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Run(string name) => CheckCase.Verify(Cases, name, new ChoiceTemplatesCheck(), CheckArea.Files);

    private static void WithTemplate(CheckSetup setup, string name, string text)
    {
        setup.ConfigText += $"template_directory = {Templates}\n";
        setup.System.AddFile($"{Templates}/{name}", 0, 0, 0b110_100_100, text);
    }
}
