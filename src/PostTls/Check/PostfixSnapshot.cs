using PostTls.Postfix;

namespace PostTls.Check;

/// <summary>
/// The instance's configuration as the checks see it, read once: master.cf services
/// (<c>postconf -M</c>), their <c>-o</c> overrides (<c>postconf -P -x</c>) and the main.cf
/// parameters the checks need (<c>postconf -x</c>), including per-transport ones of every
/// pipe service. A parameter postconf does not know reads as empty.
/// </summary>
internal sealed class PostfixSnapshot
{
    private static readonly string[] MainParameters =
    [
        "smtp_tls_security_level", "smtp_enforce_tls", "smtp_use_tls", "smtp_tls_enforce_peername", "smtp_tls_policy_maps",
        "default_transport", "relay_transport", "content_filter", "smtpd_milters", "non_smtpd_milters", "header_checks",
        "smtp_header_checks", "smtpd_recipient_restrictions", "transport_maps", "myhostname", "mydestination",
        "local_recipient_maps", "smtpd_recipient_limit", "cleanup_service_name",
        "relayhost", "relay_transport", "enable_idna2003_compatibility", "receive_override_options", "lmtp_header_checks",
        "mynetworks", "smtpd_restriction_classes", "smtpd_sender_login_maps", "smtpd_sender_restrictions", "smtpd_relay_restrictions",
        "tls_required_enable", "local_login_sender_maps", "debug_peer_list",
    ];

    private readonly IReadOnlyDictionary<string, string> _main;
    private readonly Dictionary<(string Service, string Type), Dictionary<string, string>> _overrides;

    private PostfixSnapshot(IReadOnlyList<MasterService> services, IReadOnlyList<ServiceParameter> parameters, IReadOnlyDictionary<string, string> main)
    {
        Services = services;
        _main = main;
        _overrides = [];
        foreach (var parameter in parameters)
        {
            var key = (parameter.Service, parameter.Type);
            if (!_overrides.TryGetValue(key, out var values))
            {
                _overrides[key] = values = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            values[parameter.Name] = parameter.Value;
        }
    }

    public IReadOnlyList<MasterService> Services { get; }

    /// <exception cref="PostfixException">postconf failed.</exception>
    public static PostfixSnapshot Load(IPostfixQueue queue)
    {
        var services = queue.MasterServices();
        var parameters = queue.ServiceParameters();
        var perTransport = services.Where(s => s.Command == "pipe")
            .SelectMany(s => new[] { s.Name + "_destination_recipient_limit", s.Name + "_time_limit" });
        var main = queue.Parameters([.. MainParameters.Concat(perTransport).Distinct(StringComparer.Ordinal)]);
        return new PostfixSnapshot(services, parameters, main);
    }

    /// <summary>For tests: a snapshot from given values.</summary>
    public static PostfixSnapshot From(IReadOnlyList<MasterService> services, IReadOnlyList<ServiceParameter> parameters, IReadOnlyDictionary<string, string> main) =>
        new(services, parameters, main);

    /// <summary>A main.cf parameter, <c>$name</c> expanded; empty when unset and without default, or unknown.</summary>
    public string Main(string name) => _main.GetValueOrDefault(name, "");

    /// <summary>The first service of that name (and type, when given).</summary>
    public MasterService? Service(string name, string? type = null) =>
        Services.FirstOrDefault(s => s.Name == name && (type is null || s.Type == type));

    /// <summary>The service's own <c>-o name=value</c>; null when it has none.</summary>
    public string? Override(MasterService service, string name) =>
        _overrides.TryGetValue((service.Name, service.Type), out var values) && values.TryGetValue(name, out var value) ? value : null;

    /// <summary>The value the service runs with: its own <c>-o</c>, else main.cf's.</summary>
    public string Effective(MasterService service, string name) => Override(service, name) ?? Main(name);
}
