using System.Threading.Channels;
using AgentGateway.Mcp.Upstreams;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Tests.TestInfrastructure;

/// <summary>A channel-backed upstream: the test plays the MCP server (like the csharp-sdk's TestServerTransport).</summary>
internal sealed class FakeMcpUpstream(string target) : IMcpUpstream
{
    private readonly Channel<JsonRpcMessage> _toGateway = Channel.CreateUnbounded<JsonRpcMessage>();

    public string Target { get; } = target;

    /// <summary>What the gateway sent, in order.</summary>
    public Channel<JsonRpcMessage> Sent { get; } = Channel.CreateUnbounded<JsonRpcMessage>();

    public bool Disposed { get; private set; }

    public ChannelReader<JsonRpcMessage> Messages => _toGateway.Reader;

    public Task SendAsync(JsonRpcMessage message, CancellationToken cancellationToken)
    {
        if (Disposed)
        {
            throw new McpUpstreamException(Target, McpUpstreamError.Closed, "closed");
        }

        Sent.Writer.TryWrite(message);
        return Task.CompletedTask;
    }

    /// <summary>The server sends a message to the gateway.</summary>
    public void Push(JsonRpcMessage message) => _toGateway.Writer.TryWrite(message);

    /// <summary>The server goes away.</summary>
    public void Close() => _toGateway.Writer.TryComplete();

    /// <summary>Waits for the next message the gateway sent.</summary>
    public async Task<T> NextSentAsync<T>(CancellationToken cancellationToken)
        where T : JsonRpcMessage
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var message = await Sent.Reader.ReadAsync(timeout.Token);
        return Assert.IsType<T>(message);
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        Close();
        return ValueTask.CompletedTask;
    }
}
