using PostTls.Check;
using static PostTls.Check.Severity;

namespace PostTls.Tests.Check;

public sealed class TlsPolicyCheckTests
{
    private static readonly CheckCase[] Cases =
    [
        new("encrypt", s => s.Postfix.Main["smtp_tls_security_level"] = "encrypt"),
        new("verify", s => s.Postfix.Main["smtp_tls_security_level"] = "verify"),
        new("secure", s => s.Postfix.Main["smtp_tls_security_level"] = "secure"),
        new("dane-only", s => s.Postfix.Main["smtp_tls_security_level"] = "dane-only"),
        new("fingerprint", s => s.Postfix.Main["smtp_tls_security_level"] = "fingerprint"),
        new("may", s => s.Postfix.Main["smtp_tls_security_level"] = "may",
            Error, "smtp_tls_security_level = may does not enforce TLS"),
        new("none", s => s.Postfix.Main["smtp_tls_security_level"] = "none",
            Error, "smtp_tls_security_level = none does not enforce TLS"),
        new("may during a trial", s => { s.Postfix.Main["smtp_tls_security_level"] = "may"; s.ConfigText = "trial_mode = yes\n"; },
            Warning, "smtp_tls_security_level = may does not enforce TLS (a trial: trial_mode = yes)"),
        new("none during a trial", s => { s.Postfix.Main["smtp_tls_security_level"] = "none"; s.ConfigText = "trial_mode = yes\n"; },
            Warning, "smtp_tls_security_level = none does not enforce TLS (a trial"),
        new("unknown level during a trial", s => { s.Postfix.Main["smtp_tls_security_level"] = "strict"; s.ConfigText = "trial_mode = yes\n"; },
            Error, "smtp_tls_security_level = strict is not a TLS security level"),
        new("trial still on after encrypt", s => s.ConfigText = "trial_mode = yes\n",
            Warning, "trial_mode = yes, but smtp_tls_security_level = encrypt enforces TLS already"),
        new("trial off", s => s.ConfigText = "trial_mode = no\n"),
        new("empty means none", s => s.Postfix.Main["smtp_tls_security_level"] = "",
            Error, "smtp_tls_security_level = none does not enforce TLS"),
        new("empty with obsolete smtp_use_tls", s => { s.Postfix.Main["smtp_tls_security_level"] = ""; s.Postfix.Main["smtp_use_tls"] = "yes"; },
            Error, "smtp_tls_security_level = may does not enforce TLS"),
        new("empty with obsolete smtp_enforce_tls", s => { s.Postfix.Main["smtp_tls_security_level"] = ""; s.Postfix.Main["smtp_enforce_tls"] = "yes"; },
            Warning, "only through the obsolete smtp_enforce_tls (as verify)"),
        new("dane falls back to may", s => s.Postfix.Main["smtp_tls_security_level"] = "dane",
            Warning, "dane enforces TLS only for destinations with DNSSEC-signed TLSA records"),
        new("unknown level", s => s.Postfix.Main["smtp_tls_security_level"] = "strict",
            Error, "smtp_tls_security_level = strict is not a TLS security level"),
        new("policy maps", s => s.Postfix.Main["smtp_tls_policy_maps"] = "hash:/etc/postfix/tls_policy",
            Warning, "smtp_tls_policy_maps = hash:/etc/postfix/tls_policy can lower the TLS level"),
        new("default transport lowered in master.cf", s => s.Postfix.Override("smtp", "unix", "smtp_tls_security_level", "may"),
            Error, "smtp/unix -o smtp_tls_security_level = may does not enforce TLS"),
        new("relay transport lowered in master.cf", s => s.Postfix.Override("relay", "unix", "smtp_tls_security_level", "none"),
            Error, "relay/unix -o smtp_tls_security_level = none"),
        new("default transport made stricter in master.cf", s => s.Postfix.Override("smtp", "unix", "smtp_tls_security_level", "verify")),
        new("another smtp transport lowered", s => s.ReplaceService("plain unix - - n - - smtp -o smtp_tls_security_level=may"),
            Warning, "plain/unix -o smtp_tls_security_level = may does not enforce TLS"),
        new("default_transport names the lowered one", s =>
            {
                s.ReplaceService("plain unix - - n - - smtp -o smtp_tls_security_level=may");
                s.Postfix.Main["default_transport"] = "plain:[relay.example.com]:587";
            },
            Error, "plain/unix -o smtp_tls_security_level = may"),
        new("transport with its own policy maps", s => s.Postfix.Override("smtp", "unix", "smtp_tls_policy_maps", "hash:/etc/postfix/other"),
            Warning, "smtp/unix has its own smtp_tls_policy_maps"),
        new("the insecure transport is exempt", s => s.Postfix.Override("smtp-insecure", "unix", "smtp_tls_security_level", "none")),
    ];

    public static TheoryData<string> Names => CheckCase.Names(Cases);

    [Theory]
    [MemberData(nameof(Names))]
    public void Run(string name) => CheckCase.Verify(Cases, name, new TlsPolicyCheck(), CheckArea.Tls);

    [Theory]
    [InlineData("", "no", "no", "yes", "none")]
    [InlineData("", "no", "yes", "yes", "may")]
    [InlineData("", "yes", "no", "no", "encrypt")]
    [InlineData("", "yes", "no", "yes", "verify")]
    [InlineData("Encrypt", "no", "no", "yes", "encrypt")]
    [InlineData("may", "yes", "yes", "yes", "may")]
    public void EffectiveLevel_FollowsPostconfFive(string level, string enforce, string use, string peername, string expected) =>
        Assert.Equal(expected, TlsPolicyCheck.EffectiveLevel(level, enforce, use, peername));
}
