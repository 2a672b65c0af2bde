using System.Text;
using PostTls.Filter;

namespace PostTls.Tests.TestSupport;

/// <summary>
/// The messages under tests/corpus/filter: NAME.eml is the filter's input and NAME.expected
/// what must reach sendmail, with the line <c>X-PostTLS-ID: @TAG@</c> standing for our tag.
/// Written by tests/corpus/filter/generate.py; this table says what else each case expects.
/// </summary>
internal static class FilterCorpus
{
    public const string Placeholder = "@TAG@";
    public const string Sender = "alice@example.org";

    /// <summary>Case name → the decision and the number of forged fields removed.</summary>
    public static IReadOnlyDictionary<string, (TagDecision Decision, int Removed)> Cases { get; } =
        new Dictionary<string, (TagDecision, int)>(StringComparer.Ordinal)
        {
            ["auto-submitted-generated"] = (TagDecision.AutoSubmitted, 1),
            ["auto-submitted-no"] = (TagDecision.Tag, 0),
            ["auto-submitted-no-comment"] = (TagDecision.Tag, 0),
            ["auto-submitted-replied-folded"] = (TagDecision.AutoSubmitted, 0),
            ["crlf-blank-after-lf-headers"] = (TagDecision.Tag, 0),
            ["dot-lines"] = (TagDecision.Tag, 0),
            ["eight-bit"] = (TagDecision.Tag, 0),
            ["empty"] = (TagDecision.Tag, 0),
            ["field-lookalike-in-body"] = (TagDecision.Tag, 0),
            ["first-line-blank"] = (TagDecision.Tag, 0),
            ["forged-crlf"] = (TagDecision.Tag, 1),
            ["forged-id-folded"] = (TagDecision.Tag, 1),
            ["forged-id-middle"] = (TagDecision.Tag, 1),
            ["forged-last-without-newline"] = (TagDecision.Tag, 1),
            ["forged-mixed-case"] = (TagDecision.Tag, 4),
            ["header-only-no-final-newline"] = (TagDecision.Tag, 0),
            ["long-body-line"] = (TagDecision.Tag, 0),
            ["long-header-line"] = (TagDecision.Tag, 1),
            ["mbox-from-line"] = (TagDecision.Tag, 1),
            ["mixed-crlf-first"] = (TagDecision.Tag, 0),
            ["mixed-lf-first"] = (TagDecision.Tag, 0),
            ["multipart-base64"] = (TagDecision.Tag, 0),
            ["no-body-no-blank-line"] = (TagDecision.Tag, 0),
            ["non-header-line-ends-block"] = (TagDecision.Tag, 0),
            ["nul-bytes"] = (TagDecision.Tag, 0),
            ["odd-folding"] = (TagDecision.Tag, 1),
            ["plain-crlf"] = (TagDecision.Tag, 0),
            ["plain-lf"] = (TagDecision.Tag, 0),
            ["posttls-lookalikes-kept"] = (TagDecision.Tag, 0),
            ["return-path-first"] = (TagDecision.Tag, 0),
            ["whitespace-only-line-in-header"] = (TagDecision.Tag, 1),
        };

    public static TheoryData<string> Names => new(Cases.Keys.Order(StringComparer.Ordinal));

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "corpus", "filter");

    public static byte[] Input(string name) => File.ReadAllBytes(Path.Combine(Directory, name + ".eml"));

    /// <summary>The expected output as stored, placeholder included.</summary>
    public static byte[] RawExpected(string name) => File.ReadAllBytes(Path.Combine(Directory, name + ".expected"));

    /// <summary>The expected output with <paramref name="tag"/> in place of the placeholder.</summary>
    public static byte[] Expected(string name, string tag)
    {
        var (prefix, suffix) = Split(RawExpected(name));
        return suffix is null ? prefix : [.. prefix, .. Encoding.ASCII.GetBytes(tag), .. suffix];
    }

    /// <summary>The expected output around the placeholder; suffix is null for an untagged message.</summary>
    public static (byte[] Prefix, byte[]? Suffix) Split(byte[] expected)
    {
        var at = ByteAssert.IndexOf(expected, "X-PostTLS-ID: " + Placeholder);
        if (at < 0)
        {
            return (expected, null);
        }

        var tagAt = at + "X-PostTLS-ID: ".Length;
        return (expected[..tagAt], expected[(tagAt + Placeholder.Length)..]);
    }

    /// <summary>The words the filter's log line ends with for a decision.</summary>
    public static string LogWhat(TagDecision decision) => decision switch
    {
        TagDecision.Tag => "reinjected",
        TagDecision.NullSender => "reinjected untagged (null sender)",
        TagDecision.AutoSubmitted => "reinjected untagged (Auto-Submitted)",
        _ => "reinjected untagged (header block over the size limit)",
    };
}
