using AgentGateway.Config.Model;

namespace AgentGateway.Mcp.Upstreams;

/// <summary>Connects to MCP targets.</summary>
internal interface IMcpUpstreamFactory
{
    /// <summary>Starts (stdio) or connects to (HTTP) <paramref name="target"/>.</summary>
    /// <exception cref="McpUpstreamException">The target could not be started or reached.</exception>
    Task<IMcpUpstream> ConnectAsync(McpTargetConfig target, McpUpstreamAuth auth, UpstreamCredential credential, CancellationToken cancellationToken);
}
