using System.Text;

namespace PostTls.Tests.TestSupport;

/// <summary>
/// Real <c>postcat -q -e -h ID…</c> runs under tests/corpus/postcat: NAME.stdout.txt,
/// NAME.stderr.txt and NAME.exitcode.txt as Postfix 3.7 wrote them (see the README there).
/// </summary>
internal static class PostcatCorpus
{
    public static IReadOnlyList<string> Names { get; } =
    [
        "bad-id-in-middle", "batch", "fullname-injection", "fullname-injection-alone", "fullname-recipient-injection",
        "missing-id-first", "missing-id-in-middle", "vanished-id",
    ];

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "corpus", "postcat");

    /// <summary>stdout decoded the way a caller reads it: UTF-8, invalid bytes as U+FFFD.</summary>
    public static string Stdout(string name) => Read(name + ".stdout.txt");

    public static string Stderr(string name) => Read(name + ".stderr.txt");

    public static int ExitCode(string name) => int.Parse(Read(name + ".exitcode.txt").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private static string Read(string file) => File.ReadAllText(Path.Combine(Directory, file), Encoding.UTF8);
}
