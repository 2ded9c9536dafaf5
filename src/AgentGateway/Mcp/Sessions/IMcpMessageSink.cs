using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Sessions;

/// <summary>Where server→client messages go: the SSE stream of one POST, the GET stream, or a legacy SSE connection.</summary>
internal interface IMcpMessageSink
{
    /// <summary>Queues a message; false when the stream has ended.</summary>
    bool TryWrite(JsonRpcMessage message);
}
