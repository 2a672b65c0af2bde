using System.Text.RegularExpressions;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// Host names that only the test bed's Postfix resolves (a test machine has no DNS): smtp and
/// smtp-insecure run chrooted in the queue directory, as Postfix's own packages set them up,
/// where <c>etc/hosts</c> is a copy of /etc/hosts plus the bed's names (glibc's files backend
/// is part of libc, so nothing else is needed inside). The system's /etc/hosts is not touched.
/// </summary>
internal static partial class ChrootHosts
{
    /// <summary>smtp(8) looks these up; each resolves to 127.0.0.1, where the sink and the remote listen.</summary>
    public static readonly string[] Names =
    [
        PostfixTestBed.UnderscoreHost,
        PostfixTestBed.IdnDomainALabel,
        PostfixTestBed.UnconvertibleDomainALabel,
    ];

    public static void Prepare(string etc, string queueDirectory)
    {
        var chrootEtc = Path.Combine(queueDirectory, "etc");
        Directory.CreateDirectory(chrootEtc);
        File.SetUnixFileMode(chrootEtc, (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(chrootEtc, "hosts"), File.ReadAllText("/etc/hosts") + $"\n127.0.0.1 {string.Join(' ', Names)}\n");
        foreach (var file in new[] { "services", "nsswitch.conf" })
        {
            File.Copy(Path.Combine("/etc", file), Path.Combine(chrootEtc, file), overwrite: true);
        }

        // The chroot column of the two entries, edited in place: postconf -F would reformat them,
        // and tests edit master.cf as text.
        var masterCf = Path.Combine(etc, "master.cf");
        var text = File.ReadAllText(masterCf);
        var chrooted = ChrootColumn().Replace(text, "${entry}y${after}");
        if (ChrootColumn().Matches(text).Count != 2)
        {
            throw new InvalidOperationException("master.cf of the test bed has no smtp and smtp-insecure entries with chroot n");
        }

        File.WriteAllText(masterCf, chrooted);
    }

    /// <summary>The smtp and smtp-insecure entries, up to their chroot column (n).</summary>
    [GeneratedRegex(@"^(?<entry>smtp(?:-insecure)?[ \t]+unix[ \t]+\S+[ \t]+\S+[ \t]+)n(?<after>[ \t])", RegexOptions.Multiline)]
    private static partial Regex ChrootColumn();
}
