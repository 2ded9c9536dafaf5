namespace AgentGateway.Config.Model;

/// <summary>A route: which requests it matches, and where they go.</summary>
public sealed record RouteConfig
{
    /// <summary>Name used in logs and metrics. Optional; defaults to <c>route{index}</c>.</summary>
    public string? Name { get; init; }

    /// <summary>Host names the route matches (exact or <c>*.suffix</c>). Optional: any host.</summary>
    public IReadOnlyList<string> Hostnames { get; init; } = [];

    /// <summary>Request matches; any one matching selects the route. Optional: default <c>pathPrefix: /</c>.</summary>
    public IReadOnlyList<RouteMatchConfig> Matches { get; init; } = [];

    /// <summary>Backends: one MCP backend, or one or more plain HTTP backends (<c>host</c>). Empty only with a <c>directResponse</c> policy.</summary>
    public IReadOnlyList<RouteBackendConfig> Backends { get; init; } = [];

    /// <summary>Policies of this route. Optional.</summary>
    public PolicyConfig? Policies { get; init; }
}
