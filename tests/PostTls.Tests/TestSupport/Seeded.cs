using System.Globalization;

namespace PostTls.Tests.TestSupport;

/// <summary>
/// Property tests over generated inputs, reproducible from one number. The seed is fixed
/// (<see cref="DefaultSeed"/>) unless POSTTLS_SEED names another; POSTTLS_LONG_TESTS=1 (./test.sh
/// --long) runs the long case count. Each case draws from its own generator, derived from the
/// seed, the target's name and the case index, so POSTTLS_SEED=S POSTTLS_CASE=I replays the one
/// case a failure names, whatever the other targets or cases do. A failing case reports the
/// seed, the index and the input, escaped.
/// </summary>
internal static class Seeded
{
    public const int DefaultSeed = 20261122;

    public static int Seed { get; } = ReadNumber("POSTTLS_SEED") ?? DefaultSeed;

    public static bool IsLong { get; } = Environment.GetEnvironmentVariable("POSTTLS_LONG_TESTS") == "1";

    /// <summary>Only this case index, when POSTTLS_CASE is set: replays one reported failure.</summary>
    private static int? OnlyCase { get; } = ReadNumber("POSTTLS_CASE");

    public static int Count(int shortRun, int longRun) => IsLong ? longRun : shortRun;

    /// <summary>
    /// Generates and checks <paramref name="shortRun"/> cases (<paramref name="longRun"/> in the
    /// long run). <paramref name="check"/> asserts the properties; any exception it lets out,
    /// failed assertions included, fails the test with the seed, the case index and the input.
    /// </summary>
    /// <returns>How many cases ran.</returns>
    public static int Check<T>(string target, int shortRun, int longRun, Func<Random, T> generate, Action<T> check, Func<T, string> show)
    {
        var count = Count(shortRun, longRun);
        var ran = 0;
        for (var index = 0; index < count; index++)
        {
            if (OnlyCase is { } only && only != index)
            {
                continue;
            }

            var input = generate(new Random(CaseSeed(target, index)));
            ran++;
            try
            {
                check(input);
            }
            catch (Exception e)
            {
                var replay = $"{(IsLong ? "POSTTLS_LONG_TESTS=1 " : "")}POSTTLS_SEED={Seed} POSTTLS_CASE={index}";
                Assert.Fail($"{target}: seed {Seed}, case {index} (replay: {replay})\n" +
                    $"input: {show(input)}\n{e}");
            }
        }

        return ran;
    }

    /// <summary>A stable per-case seed (string.GetHashCode differs between runs, so FNV-1a).</summary>
    public static int CaseSeed(string target, int index)
    {
        var hash = 2166136261u;
        foreach (var c in $"{target}/{Seed}/{index}")
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & int.MaxValue);
    }

    private static int? ReadNumber(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
