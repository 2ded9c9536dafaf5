namespace AgentGateway.Config.Model;

/// <summary>
/// Time limits of a route. For MCP backends both bound how long a request waits for its target's answer (the
/// shorter one wins, replacing <c>config.mcp.requestTimeout</c> on this route; a progress notification restarts the
/// clock); the client then gets a JSON-RPC error and the target <c>notifications/cancelled</c>. For plain HTTP backends
/// they bound the wait for the backend's response headers, and the client gets 504; the response body then streams
/// for as long as it keeps moving.
/// </summary>
public sealed record TimeoutConfig
{
    /// <summary>The whole request's limit (for HTTP backends: across all retry attempts).</summary>
    public TimeSpan? RequestTimeout { get; init; }

    /// <summary>The limit of the call to the backend (for HTTP backends: of each attempt).</summary>
    public TimeSpan? BackendRequestTimeout { get; init; }
}
