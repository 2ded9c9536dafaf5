using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>
/// Picks a free loopback TCP port for a server a test is about to start, one never handed out before in this test
/// process. A port found free by binding to port 0 and releasing it can come back from the very next such bind (CI
/// once got the same port for a gateway's admin and stats addresses, two picks apart) or be taken meanwhile by an
/// outgoing connection, since both draw on the kernel's ephemeral range. So ports are chosen below that range, where
/// the kernel never assigns one by itself, each is checked by binding it, and none is given twice.
/// </summary>
internal static class FreePort
{
    private const int Lowest = 10_000;

    // Test infrastructure only: the ports handed out so far, shared by every test of the process.
    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Given = [];
    private static readonly int Highest = EphemeralLow() - 1;

    public static int Next()
    {
        lock (Gate)
        {
            if (Highest - Lowest < 1_000)
            {
                return NextEphemeral();
            }

            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var port = Random.Shared.Next(Lowest, Highest + 1);
                if (!Given.Contains(port) && CanBind(port))
                {
                    Given.Add(port);
                    return port;
                }
            }

            return NextEphemeral();
        }
    }

    private static int NextEphemeral()
    {
        for (var attempt = 0; ; attempt++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (Given.Add(port) || attempt >= 100)
                {
                    return port;
                }
            }
            finally
            {
                listener.Stop();
            }
        }
    }

    private static bool CanBind(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The low end of the kernel's ephemeral range (Linux; elsewhere, the IANA dynamic range's).</summary>
    private static int EphemeralLow()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
                .Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 49_152;
        }
    }
}
