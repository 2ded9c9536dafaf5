using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Sessions;

/// <summary>Receives what an upstream sends on its own initiative.</summary>
internal interface IUpstreamMessageHandler
{
    /// <summary>A notification from the upstream.</summary>
    void OnUpstreamNotification(UpstreamConnection connection, JsonRpcNotification notification);

    /// <summary>A server→client request from the upstream (sampling, elicitation, roots, ping).</summary>
    void OnUpstreamRequest(UpstreamConnection connection, JsonRpcRequest request);
}
