namespace AgentGateway.Config.Model;

/// <summary>A backend of a route. Exactly one kind must be given; only <see cref="Mcp"/> is served by this version.</summary>
public sealed record RouteBackendConfig
{
    /// <summary>An MCP backend: one or more MCP servers, multiplexed.</summary>
    public McpBackendConfig? Mcp { get; init; }

    /// <summary>A plain HTTP backend (<c>host:port</c>). Not supported yet: a config using it is rejected.</summary>
    public string? Host { get; init; }

    /// <summary>Policies of this backend: <c>authorization</c> and <c>mcpAuthorization</c> (applied with the route's), <c>backendAuth</c> and <c>backendTLS</c> (for its targets).</summary>
    public PolicyConfig? Policies { get; init; }

    /// <summary>Load-balancing weight. Default 1.</summary>
    public int? Weight { get; init; }
}
