namespace PostTls.IntegrationTests.TestBed;

/// <summary>Finds processes of the test bed through /proc, to inject faults into exactly one of them.</summary>
internal static class ProcessTable
{
    /// <summary>The pid of a process whose argument vector contains every one of <paramref name="arguments"/>, or null.</summary>
    public static int? FindByArguments(params string[] arguments)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var argv = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                if (arguments.All(argv.Contains))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // The process ended while the table was read.
            }
        }

        return null;
    }

    /// <summary>The pids whose raw /proc cmdline (arguments separated and ended by NUL) matches.</summary>
    public static IReadOnlyList<int> Find(Func<string, bool> cmdline)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid))
            {
                try
                {
                    if (cmdline("\0" + File.ReadAllText(Path.Combine(directory, "cmdline"))))
                    {
                        found.Add(pid);
                    }
                }
                catch (IOException)
                {
                    // The process ended while the table was read.
                }
            }
        }

        return found;
    }

    /// <summary>How many bytes the process has read so far (rchar of /proc/PID/io), or 0 once it is gone.</summary>
    public static long ReadBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/io").FirstOrDefault(l => l.StartsWith("rchar:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line["rchar:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public static int ParentOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string NameOf(int pid) => File.ReadAllText($"/proc/{pid}/comm").Trim();
}
