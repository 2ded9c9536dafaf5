using System.Threading.Channels;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Sessions;

/// <summary>
/// The session-wide server→client stream (the GET stream, or the legacy SSE connection). Bounded: while nobody
/// listens, the oldest messages are dropped rather than letting a forgotten session grow without limit.
/// </summary>
internal sealed class OutboundStream : IMcpMessageSink
{
    private readonly Channel<JsonRpcMessage> _channel;
    private int _listening;

    public OutboundStream(int capacity)
    {
        _channel = Channel.CreateBounded<JsonRpcMessage>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>The messages.</summary>
    public ChannelReader<JsonRpcMessage> Reader => _channel.Reader;

    /// <summary>Whether a client currently listens on this stream.</summary>
    public bool IsListening => Volatile.Read(ref _listening) != 0;

    public bool TryWrite(JsonRpcMessage message) => _channel.Writer.TryWrite(message);

    /// <summary>Claims the stream for one listener; false when another listener holds it.</summary>
    public bool TryAttach() => Interlocked.CompareExchange(ref _listening, 1, 0) == 0;

    /// <summary>Releases the stream.</summary>
    public void Detach() => Volatile.Write(ref _listening, 0);

    /// <summary>Ends the stream (session closed).</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
