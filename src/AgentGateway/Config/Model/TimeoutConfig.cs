namespace AgentGateway.Config.Model;

/// <summary>
/// Time limits of a route. For MCP backends both bound how long a request waits for its target's answer (the
/// shorter one wins, replacing <c>config.mcp.requestTimeout</c> on this route; a progress notification restarts the
/// clock); the client then gets a JSON-RPC error and the target <c>notifications/cancelled</c>.
/// </summary>
public sealed record TimeoutConfig
{
    /// <summary>The whole request's limit.</summary>
    public TimeSpan? RequestTimeout { get; init; }

    /// <summary>The limit of the call to the backend.</summary>
    public TimeSpan? BackendRequestTimeout { get; init; }
}
