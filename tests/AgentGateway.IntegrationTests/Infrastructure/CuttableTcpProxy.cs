using System.Net;
using System.Net.Sockets;

namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback TCP relay in front of a server, whose open connections a test can cut at once (both sides closed), as a
/// network failure would, while it keeps accepting new ones: what a client reconnecting after a dropped connection meets.
/// </summary>
public sealed class CuttableTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<Relay> _connections = [];
    private readonly Task _accepting;

    public CuttableTcpProxy(int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The port the proxy listens on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far.</summary>
    public int Accepted { get; private set; }

    /// <summary>Closes every open connection, on both sides.</summary>
    public void CutAll()
    {
        List<Relay> open;
        lock (_gate)
        {
            open = [.. _connections];
            _connections.Clear();
        }

        foreach (var relay in open)
        {
            relay.Close(reset: true);
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient();
                await server.ConnectAsync(_target, _stop.Token);
                var relay = new Relay(client, server);
                lock (_gate)
                {
                    _connections.Add(relay);
                    Accepted++;
                }

                _ = PipeAsync(relay, client, server);
                _ = PipeAsync(relay, server, client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task PipeAsync(Relay relay, TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
            to.Client?.Shutdown(SocketShutdown.Send); // Client is null once the relay is closed
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            lock (_gate)
            {
                _connections.Remove(relay);
            }

            relay.Close(reset: false);
        }
    }

    /// <summary>One relayed connection, closed once, by whichever of a cut or a failed pipe comes first.</summary>
    private sealed class Relay(TcpClient client, TcpClient server)
    {
        private int _closed;

        public void Close(bool reset)
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
            {
                return;
            }

            if (reset)
            {
                client.Client.LingerState = new LingerOption(true, 0); // a reset, not a clean end
            }

            client.Dispose();
            server.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutAll();
        await _accepting;
        _stop.Dispose();
    }
}
