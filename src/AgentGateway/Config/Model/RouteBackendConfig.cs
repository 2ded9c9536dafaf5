namespace AgentGateway.Config.Model;

/// <summary>
/// A backend of a route: exactly one of <see cref="Mcp"/> (an MCP backend) or <see cref="Host"/> (a plain HTTP server).
/// A route's backends are all of one kind: one MCP backend, or one or more HTTP backends balanced by <see cref="Weight"/>.
/// </summary>
public sealed record RouteBackendConfig
{
    /// <summary>An MCP backend: one or more MCP servers, multiplexed. A route has at most one.</summary>
    public McpBackendConfig? Mcp { get; init; }

    /// <summary>
    /// A plain HTTP server, <c>host:port</c> (<c>127.0.0.1:8080</c>, <c>api.internal:9000</c>, <c>[::1]:8080</c>), reached
    /// over plain HTTP (no scheme, no path). Requests are forwarded as they came (method, path, query,
    /// headers, streamed body) with <c>X-Forwarded-For</c>/<c>-Proto</c>/<c>-Host</c> set.
    /// </summary>
    public string? Host { get; init; }

    /// <summary>
    /// Policies of this backend: <c>authorization</c> (applied with the route's), <c>mcpAuthorization</c> (MCP backends),
    /// <c>backendAuth</c>, and <c>backendTLS</c> (for its MCP targets).
    /// </summary>
    public PolicyConfig? Policies { get; init; }

    /// <summary>
    /// Load-balancing weight among the route's HTTP backends: each request goes to one backend, picked at random in
    /// proportion to its weight. Default 1; 0 takes the backend out of rotation.
    /// </summary>
    public int? Weight { get; init; }
}
