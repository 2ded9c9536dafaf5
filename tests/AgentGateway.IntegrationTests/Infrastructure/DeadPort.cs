using System.Net;
using System.Net.Sockets;

namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback port that refuses connections for as long as this lives: bound but not listening, so no other test can
/// take it (a port merely found free could be reused by a server of a test running alongside).
/// </summary>
public sealed class DeadPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public DeadPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    /// <summary>The port.</summary>
    public int Port { get; }

    public void Dispose() => _socket.Dispose();
}
