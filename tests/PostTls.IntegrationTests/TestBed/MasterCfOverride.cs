namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// Sets one -o parameter of a master.cf service (postconf -P SERVICE/TYPE/NAME=VALUE) and reloads
/// Postfix; Dispose puts the old value back. For the tests of the old way, reinjection with
/// sendmail, which must run with an unfiltered pickup (a filtered one would loop).
/// </summary>
internal sealed class MasterCfOverride : IDisposable
{
    private readonly PostfixTestBed _bed;
    private readonly string _parameter;
    private readonly string _old;

    private MasterCfOverride(PostfixTestBed bed, string parameter, string old)
    {
        _bed = bed;
        _parameter = parameter;
        _old = old;
    }

    /// <param name="parameter">SERVICE/TYPE/NAME, e.g. pickup/unix/content_filter.</param>
    public static MasterCfOverride Set(PostfixTestBed bed, string parameter, string value)
    {
        var old = Command.Run(PostfixTestBed.Tool("postconf"), "-c", bed.Etc, "-P", "-h", parameter).EnsureSuccess("postconf -P -h " + parameter).Output.Trim();
        Apply(bed, parameter, value);
        return new MasterCfOverride(bed, parameter, old);
    }

    /// <summary>pickup without the content filter, for reinjection with sendmail.</summary>
    public static MasterCfOverride UnfilteredPickup(PostfixTestBed bed) => Set(bed, "pickup/unix/content_filter", "");

    public void Dispose() => Apply(_bed, _parameter, _old);

    private static void Apply(PostfixTestBed bed, string parameter, string value)
    {
        Command.Run(PostfixTestBed.Tool("postconf"), "-c", bed.Etc, "-P", $"{parameter}={value}").EnsureSuccess("postconf -P " + parameter);
        Command.Run(PostfixTestBed.Tool("postfix"), "-c", bed.Etc, "reload").EnsureSuccess("postfix reload");
    }
}
