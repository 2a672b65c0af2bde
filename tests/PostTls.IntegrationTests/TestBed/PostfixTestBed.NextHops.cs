namespace PostTls.IntegrationTests.TestBed;

/// <summary>The domains whose next hops exercise the forms of next hop a release must carry.</summary>
public sealed partial class PostfixTestBed
{
    /// <summary>Routed with mandatory TLS to a next-hop list (Postfix 3.5+): a port where nothing listens, then the sink.</summary>
    public const string ListDomain = "list.test";

    /// <summary>Routed with mandatory TLS to [<see cref="UnderscoreHost"/>]:sink port.</summary>
    public const string UnderscoreDomain = "underscore.test";

    /// <summary>A host name with "_", which only the bed's Postfix resolves (<see cref="ChrootHosts"/>).</summary>
    public const string UnderscoreHost = "sink_host.test";

    /// <summary>
    /// An international domain that is its own next hop (transport "smtp:"), reached on
    /// smtp_tcp_port, where <see cref="RemotePort"/> listens: mail to it needs SMTPUTF8, which
    /// smtp-sink does not offer.
    /// </summary>
    public const string IdnDomain = "bücher.test";

    public const string IdnDomainALabel = "xn--bcher-kva.test";

    /// <summary>Like <see cref="IdnDomain"/>, in a script PostTLS does not convert to an A-label (right to left).</summary>
    public const string UnconvertibleDomain = "דוגמה.test";

    public const string UnconvertibleDomainALabel = "xn--6dbbec0c.test";

    /// <summary>A local mailbox for always_bcc tests (<see cref="MainCfOverride"/>).</summary>
    public const string ArchiveMailbox = "archive";

    /// <summary>
    /// A remote without TLS that offers SMTPUTF8: an smtpd of this instance whose mail goes
    /// straight into the Maildir <see cref="RemoteMailbox"/>, whatever its recipients.
    /// </summary>
    public int RemotePort { get; } = FreePort();

    public const string RemoteMailbox = "remote";

    /// <summary>The master.cf lines of the remote.</summary>
    private string RemoteServices() => $"""
        127.0.0.1:{RemotePort} inet n - n - - smtpd
          -o syslog_name=postfix/remote
          -o smtpd_tls_security_level=none
          -o receive_override_options=no_address_mappings
          -o content_filter=remote-mailbox:
        remote-mailbox unix - n n - - virtual
          -o virtual_mailbox_maps=static:{RemoteMailbox}/

        """;

    /// <summary>The transport_maps lines for the domains above.</summary>
    private string NextHopRoutes(int downPort) => $"""
        {ListDomain} smtp:[127.0.0.1]:{downPort}, [127.0.0.1]:{SinkPort}
        {UnderscoreDomain} smtp:[{UnderscoreHost}]:{SinkPort}
        {IdnDomain} smtp:
        {UnconvertibleDomain} smtp:
        """;
}
