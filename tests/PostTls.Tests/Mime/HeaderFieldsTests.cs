using System.Text;
using System.Text.RegularExpressions;
using PostTls.Mime;
using PostTls.Tests.TestSupport;
using PostTls.Text;

namespace PostTls.Tests.Mime;

[Collection(ChildProcessCollection.Name)]
public sealed partial class HeaderFieldsTests
{
    public static readonly string[] Subjects =
    [
        "Quarterly report",
        "Grüße – Angebot 🚀",
        "ÄÖÜ äöü ß",
        "a  b\t c",
        " leading and trailing ",
        "=?utf-8?q?looks_encoded?=",
        "word=?x",
        "🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀",
        "Привет мир, это очень длинная тема письма, которая не помещается в одну строку заголовка",
        "Mixed ascii and ümlauts in a long subject line ümlauts again and then some more ascii words at the end",
        "x" + new string('y', 120),
        "_underscores_ and ?questions? and =equals= (parens) \"quotes\" <angles>",
        "",
    ];

    [Fact]
    public void Unstructured_Subjects_DecodeToTheCleanedTextInPython()
    {
        var messages = Subjects.Select(s => Encoding.ASCII.GetBytes(HeaderFields.Unstructured("Subject", s) + "\r\nbody\r\n")).ToList();

        var parsed = PythonEmail.ParseAll(messages);

        for (var i = 0; i < Subjects.Length; i++)
        {
            Assert.Equal(SafeText.Clean(Subjects[i]), parsed[i].Subject);
            Assert.Empty(parsed[i].Defects);
        }
    }

    [Fact]
    public void Unstructured_Subjects_KeepLineAndEncodedWordLimits()
    {
        foreach (var subject in Subjects)
        {
            var field = HeaderFields.Unstructured("Subject", subject);

            Assert.EndsWith("\r\n", field, StringComparison.Ordinal);
            var lines = field[..^2].Split("\r\n");
            Assert.StartsWith("Subject:", lines[0], StringComparison.Ordinal);
            Assert.All(lines.Skip(1), line => Assert.StartsWith(" ", line, StringComparison.Ordinal));
            Assert.All(lines, line => Assert.True(line.Length <= 78, $"{line.Length}: {line}"));
            Assert.All(lines, line => Assert.DoesNotContain(line, c => c > '~' || (c < ' ' && c != '\t')));
            foreach (Match word in EncodedWord().Matches(field))
            {
                Assert.True(word.Length <= 75, $"encoded word of {word.Length}: {word.Value}");
            }
        }
    }

    [Fact]
    public void Unstructured_PlainAscii_StaysReadable()
    {
        Assert.Equal("Subject: Quarterly report\r\n", HeaderFields.Unstructured("Subject", "Quarterly report"));
    }

    [Fact]
    public void Unstructured_OnlyNonAsciiWordsAreEncoded()
    {
        Assert.Equal("Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?= Angebot\r\n", HeaderFields.Unstructured("Subject", "Grüße Angebot"));
    }

    [Fact]
    public void Unstructured_LineBreakInValue_BecomesQuestionMarks()
    {
        Assert.Equal("Subject: a??b\r\n", HeaderFields.Unstructured("Subject", "a\r\nb"));
    }

    [Theory]
    [InlineData("Mail Delivery System <MAILER-DAEMON@example.org>", "From: Mail Delivery System <MAILER-DAEMON@example.org>\r\n")]
    [InlineData("MAILER-DAEMON@example.org", "From: MAILER-DAEMON@example.org\r\n")]
    [InlineData("Zustellsystem Müller <postmaster@example.org>", "From: =?utf-8?q?Zustellsystem_M=C3=BCller?= <postmaster@example.org>\r\n")]
    [InlineData("\"Müller, Hans\" <postmaster@example.org>", "From: =?utf-8?q?M=C3=BCller=2C_Hans?= <postmaster@example.org>\r\n")]
    public void Mailbox_Table(string value, string expected)
    {
        Assert.Equal(expected, HeaderFields.Mailbox("From", value));
    }

    [GeneratedRegex(@"=\?[^?]+\?[qQbB]\?[^?]*\?=")]
    private static partial Regex EncodedWord();
}
