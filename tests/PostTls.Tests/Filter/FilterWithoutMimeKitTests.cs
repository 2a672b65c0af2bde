using MimeKit;
using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Filter;

/// <summary>
/// <c>posttls filter</c> runs once per submitted message, in a native binary: its path copies
/// bytes by hand and never touches MimeKit (nor MailKit). A scan of the sources on that path,
/// and the measurement that says why: a MimeKit round trip changes messages.
/// </summary>
public sealed class FilterWithoutMimeKitTests
{
    /// <summary>Everything <c>posttls filter</c> runs: its command, the fast path that skips the parser, the header reader, the rewriter, the tag.</summary>
    public static TheoryData<string> FilterPathSources()
    {
        var data = new TheoryData<string>();
        var files = Directory.GetFiles(RepositoryFiles.Path("src", "PostTls", "Filter"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(RepositoryFiles.Path("src", "PostTls", "Headers"), "*.cs", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(RepositoryFiles.Path("src", "PostTls", "Tagging"), "*.cs", SearchOption.AllDirectories))
            .Append(RepositoryFiles.Path("src", "PostTls", "Commands", "FilterCommand.cs"))
            .Append(RepositoryFiles.Path("src", "PostTls", "Commands", "FilterFastPath.cs"));
        foreach (var file in files)
        {
            data.Add(Path.GetRelativePath(RepositoryFiles.Root, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FilterPathSources))]
    public void Source_OnTheFilterPath_DoesNotReferenceMimeKit(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryFiles.Root, file));

        // A using directive or a qualified name; the comments may say why not.
        Assert.DoesNotMatch(@"\b(MimeKit|MailKit)\s*[.;]", text);
    }

    [Fact]
    public void FilterPathSources_AreFound() => Assert.True(FilterPathSources().Count > 10);

    /// <summary>Why the filter's stream stays hand-written: parsed and written by MimeKit, corpus messages come out different.</summary>
    [Fact]
    public void MimeKitRoundTrip_ChangesCorpusMessages()
    {
        var inputs = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "corpus", "filter"), "*.eml");
        var changed = inputs.Count(path =>
        {
            var original = File.ReadAllBytes(path);
            using var output = new MemoryStream();
            try
            {
                MimeMessage.Load(new MemoryStream(original)).WriteTo(output);
            }
            catch (FormatException)
            {
                return true; // not even a message to MimeKit (the empty one), while the filter passes it on
            }

            return !output.ToArray().AsSpan().SequenceEqual(original);
        });

        Assert.True(inputs.Length > 20, $"only {inputs.Length} corpus messages");
        Assert.True(changed > 0, $"a MimeKit round trip left all {inputs.Length} corpus messages unchanged");
    }
}
