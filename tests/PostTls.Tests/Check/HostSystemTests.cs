using System.Diagnostics;
using System.Net.Sockets;
using PostTls.Check;

namespace PostTls.Tests.Check;

/// <summary>The real host's probes that the schedule and logging checks rely on.</summary>
[Collection(TestSupport.ForkSensitiveCollection.Name)]
public sealed class HostSystemTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("posttls-host-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void DatagramSocketListening_BoundSocket_True()
    {
        var path = Path.Combine(_directory, "log");
        using var daemon = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        daemon.Bind(new UnixDomainSocketEndPoint(path));

        Assert.True(new HostSystem().DatagramSocketListening(path));
    }

    [Fact]
    public void DatagramSocketListening_StaleSocketFile_False()
    {
        // .NET unlinks the path it bound when the socket closes: move the file away first, as
        // a daemon that died leaves it behind.
        var bound = Path.Combine(_directory, "bound");
        var path = Path.Combine(_directory, "log");
        using (var daemon = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified))
        {
            daemon.Bind(new UnixDomainSocketEndPoint(bound));
            File.Move(bound, path);
        }

        Assert.True(File.Exists(path), "the socket file stays after its daemon closed it");
        Assert.False(new HostSystem().DatagramSocketListening(path));
    }

    [Fact]
    public void DatagramSocketListening_NoFile_False() =>
        Assert.False(new HostSystem().DatagramSocketListening(Path.Combine(_directory, "none")));

    [Fact]
    public void ProcessRunning_ByItsName()
    {
        var name = "pt" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var program = Path.Combine(_directory, name);
        ExecutableFile.Copy("/bin/sleep", program);
        var host = new HostSystem();
        Assert.False(host.ProcessRunning([name]));

        using var process = Process.Start(new ProcessStartInfo(program, ["60"]) { UseShellExecute = false })!;
        try
        {
            Assert.True(host.ProcessRunning(["none-such", name]));
        }
        finally
        {
            process.Kill();
            process.WaitForExit();
        }
    }
}
