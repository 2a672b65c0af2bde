using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PostTls.IntegrationTests.TestBed;

/// <summary>
/// Real SASL for the test bed's smtpd without installing Dovecot or Cyrus: a loopback server
/// that speaks the Dovecot authentication protocol as Postfix's xsasl_dovecot_server client
/// does (smtpd_sasl_type = dovecot, smtpd_sasl_path = inet:127.0.0.1:PORT). Postfix does the
/// whole AUTH exchange with the SMTP client and sets ${sasl_username} from the OK reply; only
/// the password check is ours: every login's password is <see cref="PasswordOf"/>.
/// Mechanism PLAIN, with the initial response or after a CONT.
/// </summary>
internal sealed class DovecotAuthServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public DovecotAuthServer()
    {
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The one password each login has.</summary>
    public static string PasswordOf(string login) => "pw-" + login;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _accepting.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // stopped while accepting
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.UTF8);
            var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n", AutoFlush = true };
            await writer.WriteAsync("VERSION\t1\t2\nMECH\tPLAIN\tplaintext\nSPID\t1\nCUID\t1\nCOOKIE\t0123456789abcdef0123456789abcdef\nDONE\n");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var fields = line.Split('\t');
                if (fields[0] != "AUTH" || fields.Length < 3)
                {
                    continue; // VERSION, CPID
                }

                var id = fields[1];
                var response = fields.FirstOrDefault(f => f.StartsWith("resp=", StringComparison.Ordinal))?[5..];
                if (response is null)
                {
                    await writer.WriteLineAsync($"CONT\t{id}\t");
                    var more = (await reader.ReadLineAsync(_stop.Token))?.Split('\t');
                    response = more is { Length: 3 } && more[0] == "CONT" ? more[2] : "";
                }

                await writer.WriteLineAsync(Verify(fields[2], response) is { } login ? $"OK\t{id}\tuser={login}" : $"FAIL\t{id}\treason=wrong login or password");
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // smtpd went away
        }
    }

    /// <returns>The login, when the PLAIN response carries its password; otherwise null.</returns>
    private static string? Verify(string mechanism, string response)
    {
        if (mechanism != "PLAIN")
        {
            return null;
        }

        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Convert.FromBase64String(response)).Split('\0');
        }
        catch (FormatException)
        {
            return null;
        }

        return parts.Length == 3 && parts[1].Length > 0 && parts[2] == PasswordOf(parts[1]) ? parts[1] : null;
    }
}
