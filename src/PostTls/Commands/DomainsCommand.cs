// posttls domains - the never-insecure domains (see man/posttls.8, DOMAINS).
//
// Recipients in these domains are never sent without encryption, whatever the sender
// decides. "example.com" matches that domain, ".example.com" its subdomains.
using System.CommandLine;
using System.Text.Json;
using PostTls.Cli;
using PostTls.Configuration;
using PostTls.State;
using PostTls.Unix;

namespace PostTls.Commands;

internal sealed class DomainsCommand : Command, IDetailedHelp
{
    private readonly CommandHost _host;

    public DomainsCommand(CommandHost host)
        : base("domains", "List, add or remove never-insecure domains (root)")
    {
        _host = host;
        var json = new Option<bool>("--json") { Description = "Print one JSON document" };
        var list = new Command("list", "List the never-insecure domains") { json };
        list.SetAction(r => WithStore(r, store => List(store, r.GetValue(json), r.InvocationConfiguration.Output)));
        Subcommands.Add(list);

        var addDomain = new Argument<string>("DOMAIN") { Description = "example.com, or .example.com for its subdomains" };
        var add = new Command("add", "Add a never-insecure domain") { addDomain };
        add.SetAction(r => WithStore(r, store => Change(store, r.GetValue(addDomain)!, adding: true, r.InvocationConfiguration.Output)));
        Subcommands.Add(add);

        var removeDomain = new Argument<string>("DOMAIN") { Description = "As listed" };
        var remove = new Command("remove", "Remove a never-insecure domain") { removeDomain };
        remove.SetAction(r => WithStore(r, store => Change(store, r.GetValue(removeDomain)!, adding: false, r.InvocationConfiguration.Output)));
        Subcommands.Add(remove);
    }

    public string Details => """

        Recipients in never-insecure domains can never be released without encryption. When
        all TLS-failed recipients of a message are in such domains, never_insecure_action
        applies at once and the sender is told.

        Examples:
          posttls domains add bank.example
          posttls domains add .gov.example        (every subdomain of gov.example)
          posttls domains list --json
          posttls domains remove bank.example
        """;

    private int WithStore(ParseResult parseResult, Func<(DomainStore Domains, MessageStore Messages), int> action)
    {
        _host.Privileges.RequireRoot("domains");
        var settings = SettingsLoader.Load(parseResult.GetValue(GlobalOptions.Config), _host.Variable);
        try
        {
            using var database = StateDatabase.Open(settings.DataDirectory);
            return action((new DomainStore(database), new MessageStore(database)));
        }
        catch (StateException e)
        {
            throw new Problem("posttls domains: " + e.Message, ExitCodes.IoError);
        }
    }

    private static int List((DomainStore Domains, MessageStore Messages) store, bool json, TextWriter output)
    {
        var domains = store.Domains.List();
        if (json)
        {
            var buffer = new MemoryStream();
            using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true });
            writer.WriteStartObject();
            writer.WriteStartArray("domains");
            foreach (var (domain, at, by) in domains)
            {
                writer.WriteStartObject();
                writer.WriteString("domain", domain);
                writer.WriteNumber("added_at", at);
                writer.WriteString("added_by", by.Text);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            return ExitCodes.Ok;
        }

        if (domains.Count == 0)
        {
            output.WriteLine("no never-insecure domains");
        }

        foreach (var (domain, at, by) in domains)
        {
            output.WriteLine($"{domain,-40} added {DateTimeOffset.FromUnixTimeSeconds(at):yyyy-MM-dd HH:mm} UTC by {by}");
        }

        return ExitCodes.Ok;
    }

    private int Change((DomainStore Domains, MessageStore Messages) store, string domain, bool adding, TextWriter output)
    {
        domain = domain.Trim().ToLowerInvariant();
        if (!ListValues.IsDomain(domain.TrimStart('.')) || domain.StartsWith("..", StringComparison.Ordinal))
        {
            throw new Problem($"posttls domains: \"{domain}\" is not a domain name (or .domain for its subdomains)", ExitCodes.Usage);
        }

        var now = _host.Now;
        var actor = Actor.Admin(AdminActor.Login(_host.Variable));
        var changed = adding ? store.Domains.Add(domain, now, actor) : store.Domains.Remove(domain);
        if (changed)
        {
            store.Messages.Audit(now, null, null, actor, adding ? AuditAction.DomainAdded : AuditAction.DomainRemoved, domain);
        }

        output.WriteLine(changed
            ? $"posttls domains: {(adding ? "added" : "removed")} {domain}"
            : $"posttls domains: {domain} was {(adding ? "already" : "not")} listed");
        return ExitCodes.Ok;
    }
}
