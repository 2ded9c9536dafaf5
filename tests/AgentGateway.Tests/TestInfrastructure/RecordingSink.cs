using System.Collections.Concurrent;
using AgentGateway.Mcp.Sessions;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Tests.TestInfrastructure;

/// <summary>A client stream that records what it receives.</summary>
internal sealed class RecordingSink : IMcpMessageSink
{
    public ConcurrentQueue<JsonRpcMessage> Messages { get; } = new();

    public bool TryWrite(JsonRpcMessage message)
    {
        Messages.Enqueue(message);
        return true;
    }
}
