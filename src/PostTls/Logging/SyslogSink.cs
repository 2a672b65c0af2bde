using System.Net.Sockets;
using System.Text;

namespace PostTls.Logging;

/// <summary>
/// Sends RFC 3164 lines with facility mail to the local syslog socket, where Postfix logs too.
/// When there is no syslog daemon the lines are dropped, as libc's syslog() would.
/// </summary>
internal sealed class SyslogSink(TimeProvider clock, string socketPath = "/dev/log") : ILogSink, IDisposable
{
    private const int FacilityMail = 2;
    private Socket? _socket;
    private bool _unavailable;

    public void Write(LogLevel level, string program, int pid, string message)
    {
        if (_unavailable)
        {
            return;
        }

        try
        {
            if (_socket is null)
            {
                _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
                _socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            }

            var timestamp = SyslogTimestamp.Format(clock.GetLocalNow());
            var priority = FacilityMail * 8 + (int)level;
            _socket.Send(Encoding.UTF8.GetBytes($"<{priority}>{timestamp} {program}[{pid}]: {message}"));
        }
        catch (SocketException)
        {
            _unavailable = true;
        }
    }

    public void Dispose() => _socket?.Dispose();
}
