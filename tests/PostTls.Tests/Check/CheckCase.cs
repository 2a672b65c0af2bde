using PostTls.Check;

namespace PostTls.Tests.Check;

/// <summary>
/// One row of a check's table: a change to the good <see cref="CheckSetup"/> and what the check
/// must find then. <see cref="Severity"/> null: it must find nothing (a variant that is fine).
/// <see cref="Only"/> false: other findings may come with the expected one.
/// </summary>
internal sealed record CheckCase(string Name, Action<CheckSetup> Change, Severity? Severity = null, string Text = "", bool Only = true)
{
    public static TheoryData<string> Names(IEnumerable<CheckCase> cases)
    {
        var data = new TheoryData<string>();
        foreach (var item in cases)
        {
            data.Add(item.Name);
        }

        return data;
    }

    public static void Verify(IEnumerable<CheckCase> cases, string name, ICheck check, string area)
    {
        var item = cases.Single(c => c.Name == name);
        var setup = new CheckSetup();
        item.Change(setup);

        var findings = setup.Run(check);

        if (item.Severity is not { } severity)
        {
            FindingAssert.None(findings);
        }
        else if (item.Only)
        {
            FindingAssert.Single(findings, severity, area, item.Text);
        }
        else
        {
            FindingAssert.Contains(findings, severity, area, item.Text);
        }
    }
}
