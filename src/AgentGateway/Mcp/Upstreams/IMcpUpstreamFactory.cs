using AgentGateway.Config.Model;
using AgentGateway.Security.Tls;

namespace AgentGateway.Mcp.Upstreams;

/// <summary>Connects to MCP targets.</summary>
internal interface IMcpUpstreamFactory
{
    /// <summary>Starts (stdio) or connects to (HTTP) <paramref name="target"/>.</summary>
    /// <param name="target">The target.</param>
    /// <param name="auth">The credential it is sent.</param>
    /// <param name="credential">The caller's current token, for passthrough.</param>
    /// <param name="tls">Its <c>backendTLS</c>, or null for the defaults (system roots for <c>https://</c>).</param>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    /// <exception cref="McpUpstreamException">The target could not be started or reached.</exception>
    Task<IMcpUpstream> ConnectAsync(McpTargetConfig target, McpUpstreamAuth auth, UpstreamCredential credential, BackendTlsSettings? tls, CancellationToken cancellationToken);
}
