using System.Net;
using System.Net.Sockets;

namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>Picks a free loopback TCP port (bind to port 0, read it, release it).</summary>
internal static class FreePort
{
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
