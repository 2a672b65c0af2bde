using PostTls.Tests.TestSupport;

namespace PostTls.Tests.Docs;

/// <summary>
/// The systemd units in postfix-snippets/ must work on the oldest systemd of the version matrix:
/// 247, Debian 11's. Each directive they use must be in this list of directives systemd 247
/// knows (systemd.unit(5), systemd.service(5), systemd.exec(5), systemd.kill(5),
/// systemd.timer(5), systemd.path(5) of v247); one added later (OpenFile=, ExitType=,
/// RestartSteps=, DeferReactivation=, ...) fails here and needs a thought first.
/// </summary>
public sealed class SystemdUnitTests
{
    private static readonly Dictionary<string, HashSet<string>> Systemd247 = new(StringComparer.Ordinal)
    {
        ["Unit"] =
        [
            "Description", "Documentation", "Wants", "Requires", "Requisite", "BindsTo", "PartOf", "Conflicts", "Before", "After",
            "OnFailure", "PropagatesReloadTo", "ReloadPropagatedFrom", "JoinsNamespaceOf", "RequiresMountsFor", "OnFailureJobMode",
            "IgnoreOnIsolate", "StopWhenUnneeded", "RefuseManualStart", "RefuseManualStop", "AllowIsolate", "DefaultDependencies",
            "CollectMode", "FailureAction", "SuccessAction", "JobTimeoutSec", "StartLimitIntervalSec", "StartLimitBurst",
            "StartLimitAction", "ConditionPathExists", "ConditionPathExistsGlob", "ConditionPathIsDirectory", "ConditionFileNotEmpty",
            "ConditionFileIsExecutable", "ConditionUser", "ConditionGroup", "AssertPathExists",
        ],
        ["Service"] =
        [
            "Type", "RemainAfterExit", "PIDFile", "BusName", "ExecStart", "ExecStartPre", "ExecStartPost", "ExecCondition", "ExecReload",
            "ExecStop", "ExecStopPost", "RestartSec", "TimeoutStartSec", "TimeoutStopSec", "TimeoutAbortSec", "TimeoutSec",
            "RuntimeMaxSec", "WatchdogSec", "Restart", "SuccessExitStatus", "RestartPreventExitStatus", "RestartForceExitStatus",
            "KillMode", "KillSignal", "SendSIGKILL", "User", "Group", "DynamicUser", "SupplementaryGroups", "WorkingDirectory",
            "Nice", "IOSchedulingClass", "IOSchedulingPriority", "CPUSchedulingPolicy", "UMask", "Environment", "EnvironmentFile",
            "StandardInput", "StandardOutput", "StandardError", "SyslogIdentifier", "LimitNOFILE", "PrivateTmp", "PrivateDevices",
            "PrivateNetwork", "ProtectSystem", "ProtectHome", "ProtectKernelTunables", "ProtectKernelModules", "ProtectKernelLogs",
            "ProtectControlGroups", "ProtectClock", "ProtectHostname", "NoNewPrivileges", "ReadWritePaths", "ReadOnlyPaths",
            "InaccessiblePaths", "RestrictAddressFamilies", "RestrictNamespaces", "RestrictRealtime", "RestrictSUIDSGID",
            "LockPersonality", "MemoryDenyWriteExecute", "SystemCallFilter", "SystemCallArchitectures", "CapabilityBoundingSet",
            "AmbientCapabilities", "StateDirectory", "RuntimeDirectory", "LogsDirectory", "CacheDirectory",
        ],
        ["Timer"] =
        [
            "OnActiveSec", "OnBootSec", "OnStartupSec", "OnUnitActiveSec", "OnUnitInactiveSec", "OnCalendar", "AccuracySec",
            "RandomizedDelaySec", "OnClockChange", "OnTimezoneChange", "Unit", "Persistent", "WakeSystem", "RemainAfterElapse",
        ],
        ["Path"] =
        [
            "PathExists", "PathExistsGlob", "PathChanged", "PathModified", "DirectoryNotEmpty", "Unit", "MakeDirectory", "DirectoryMode",
        ],
        ["Install"] = ["Alias", "WantedBy", "RequiredBy", "Also", "DefaultInstance"],
    };

    public static TheoryData<string> Units
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var file in Directory.GetFiles(RepositoryFiles.Path("postfix-snippets"))
                .Where(f => f.EndsWith(".service", StringComparison.Ordinal) || f.EndsWith(".timer", StringComparison.Ordinal) || f.EndsWith(".path", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(file));
            }

            return data;
        }
    }

    [Fact]
    public void Units_TheSnippetsHaveSome() => Assert.True(Units.Count >= 4, "no systemd units found in postfix-snippets/");

    [Theory]
    [MemberData(nameof(Units))]
    public void Unit_UsesOnlyDirectivesOfSystemd247(string unit)
    {
        var section = "";
        var unknown = new List<string>();
        foreach (var raw in File.ReadLines(RepositoryFiles.Path("postfix-snippets", unit)))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line[1..^1];
                continue;
            }

            var name = line.Split('=', 2)[0].Trim();
            if (!Systemd247.TryGetValue(section, out var known) || !known.Contains(name))
            {
                unknown.Add($"[{section}] {name}");
            }
        }

        Assert.True(unknown.Count == 0, $"{unit} uses what systemd 247 (Debian 11) may not know: {string.Join(", ", unknown)}");
    }
}
