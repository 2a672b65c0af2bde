using PostTls.Check;
using static PostTls.Check.Severity;

namespace PostTls.Tests.Check;

public sealed class TlsRequiredCheckTests
{
    private static readonly CheckCase[] Cases =
    [
        new("Postfix before 3.10 does not know the parameter", _ => { }),
        new("no", s => s.Postfix.Main["tls_required_enable"] = "no"),
        new("No in capitals", s => s.Postfix.Main["tls_required_enable"] = "No"),
        new("yes, the default of 3.10", s => s.Postfix.Main["tls_required_enable"] = "yes",
            Error, "tls_required_enable = yes: any sender can bypass mandatory TLS with a \"TLS-Required: no\" header"),
        new("anything but no counts as yes", s => s.Postfix.Main["tls_required_enable"] = "true",
            Error, "tls_required_enable = true: any sender can bypass mandatory TLS"),
    ];

    public static TheoryData<string> Names => CheckCase.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Run(string name) => CheckCase.Verify(Cases, name, new TlsRequiredCheck(), CheckArea.Tls);
}
