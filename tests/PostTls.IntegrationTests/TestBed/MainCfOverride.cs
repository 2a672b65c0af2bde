namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// Sets one parameter in the test bed's main.cf and reloads Postfix; Dispose removes it again and
/// reloads. For the few tests that need Postfix to behave differently for a while.
/// </summary>
internal sealed class MainCfOverride : IDisposable
{
    private readonly PostfixTestBed _bed;
    private readonly string _name;

    private MainCfOverride(PostfixTestBed bed, string name)
    {
        _bed = bed;
        _name = name;
    }

    public static MainCfOverride Set(PostfixTestBed bed, string name, string value)
    {
        Command.Run(PostfixTestBed.Tool("postconf"), "-c", bed.Etc, "-e", $"{name} = {value}").EnsureSuccess("postconf -e " + name);
        Reload(bed);
        return new MainCfOverride(bed, name);
    }

    public void Dispose()
    {
        Command.Run(PostfixTestBed.Tool("postconf"), "-c", _bed.Etc, "-X", _name).EnsureSuccess("postconf -X " + _name);
        Reload(_bed);
    }

    private static void Reload(PostfixTestBed bed) =>
        Command.Run(PostfixTestBed.Tool("postfix"), "-c", bed.Etc, "reload").EnsureSuccess("postfix reload");
}
