using System.Threading.Channels;
using AgentGateway.Mcp.Protocol;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Sessions;

/// <summary>
/// The messages answering one client request: zero or more notifications and server→client requests,
/// then exactly one response, after which the stream completes. The HTTP layer decides from the first
/// message whether to answer with plain JSON or with SSE.
/// </summary>
internal sealed class RequestStream : IMcpMessageSink
{
    // The reader is the HTTP handler waiting to write the answer; letting it continue inline on the writer's thread
    // (the relay, which is done with the request) saves a thread-pool hop per request.
    private readonly Channel<JsonRpcMessage> _channel = Channel.CreateUnbounded<JsonRpcMessage>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = true });

    /// <summary>The messages, in order; completes after the final response.</summary>
    public ChannelReader<JsonRpcMessage> Reader => _channel.Reader;

    public bool TryWrite(JsonRpcMessage message) => _channel.Writer.TryWrite(message);

    /// <summary>
    /// The final answer when it came as bytes (a request relayed as bytes): the stream then completes without it, and
    /// the reader finds it here once <see cref="Reader"/> is done.
    /// </summary>
    public RawJsonRpcAnswer? RawAnswer { get; private set; }

    /// <summary>Writes the final response and completes the stream.</summary>
    public void Complete(JsonRpcMessage response)
    {
        _channel.Writer.TryWrite(response);
        _channel.Writer.TryComplete();
    }

    /// <summary>Ends the stream with a final answer as bytes (<see cref="RawAnswer"/>).</summary>
    public void Complete(RawJsonRpcAnswer answer)
    {
        RawAnswer = answer;
        _channel.Writer.TryComplete();
    }
}
