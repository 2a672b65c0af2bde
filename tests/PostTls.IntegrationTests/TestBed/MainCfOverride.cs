namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// Sets one parameter in the test bed's main.cf and reloads Postfix; Dispose puts back the
/// value main.cf had (or removes the parameter) and reloads. For the few tests that need Postfix to behave differently for a while.
/// </summary>
internal sealed class MainCfOverride : IDisposable
{
    private readonly PostfixTestBed _bed;
    private readonly string _name;
    private readonly string? _before;

    private MainCfOverride(PostfixTestBed bed, string name, string? before)
    {
        _bed = bed;
        _name = name;
        _before = before;
    }

    public static MainCfOverride Set(PostfixTestBed bed, string name, string value)
    {
        var explicitly = Command.Run(PostfixTestBed.Tool("postconf"), "-c", bed.Etc, "-n", name).EnsureSuccess("postconf -n " + name).Output;
        var before = explicitly.Length > 0 ? Command.Run(PostfixTestBed.Tool("postconf"), "-c", bed.Etc, "-h", name).Output.Trim() : null;
        Command.Run(PostfixTestBed.Tool("postconf"), "-c", bed.Etc, "-e", $"{name} = {value}").EnsureSuccess("postconf -e " + name);
        Reload(bed);
        return new MainCfOverride(bed, name, before);
    }

    public void Dispose()
    {
        var restore = _before is null
            ? Command.Run(PostfixTestBed.Tool("postconf"), "-c", _bed.Etc, "-X", _name)
            : Command.Run(PostfixTestBed.Tool("postconf"), "-c", _bed.Etc, "-e", $"{_name} = {_before}");
        restore.EnsureSuccess("postconf, restoring " + _name);
        Reload(_bed);
    }

    private static void Reload(PostfixTestBed bed) =>
        Command.Run(PostfixTestBed.Tool("postfix"), "-c", bed.Etc, "reload").EnsureSuccess("postfix reload");
}
