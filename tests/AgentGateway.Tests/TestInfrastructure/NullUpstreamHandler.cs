using System.Collections.Concurrent;
using AgentGateway.Mcp.Sessions;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Tests.TestInfrastructure;

/// <summary>Records what an upstream sends on its own.</summary>
internal sealed class RecordingUpstreamHandler : IUpstreamMessageHandler
{
    public ConcurrentQueue<JsonRpcMessage> Received { get; } = new();

    public void OnUpstreamNotification(UpstreamConnection connection, JsonRpcNotification notification) => Received.Enqueue(notification);

    public void OnUpstreamRequest(UpstreamConnection connection, JsonRpcRequest request) => Received.Enqueue(request);
}
