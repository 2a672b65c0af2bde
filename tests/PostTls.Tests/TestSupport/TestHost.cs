using PostTls.Cli;

namespace PostTls.Tests.TestSupport;

/// <summary>
/// A <see cref="CommandHost"/> for running commands in process: root or not as the test says,
/// the test's own clock and environment (never the test process's, so tests run in parallel
/// and never fall back to a real /etc/posttls/posttls.conf through POSTTLS_CONFIG), and a
/// short wait for the sweep lock.
/// </summary>
internal static class TestHost
{
    public static readonly TimeSpan LockPatience = TimeSpan.FromMilliseconds(300);

    public static CommandHost Create(bool root, TimeProvider? clock = null, IReadOnlyDictionary<string, string>? variables = null) =>
        new(clock ?? TimeProvider.System, new Privileges(root), name => variables?.GetValueOrDefault(name), LockPatience);
}
