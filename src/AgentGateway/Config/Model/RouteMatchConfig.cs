namespace AgentGateway.Config.Model;

/// <summary>One match of a route; every condition given must hold.</summary>
public sealed record RouteMatchConfig
{
    /// <summary>Path condition. Optional: any path.</summary>
    public PathMatchConfig? Path { get; init; }

    /// <summary>HTTP method, e.g. <c>POST</c>. Optional: any method.</summary>
    public string? Method { get; init; }

    /// <summary>Header conditions; all must hold. Optional.</summary>
    public IReadOnlyList<HeaderMatchConfig> Headers { get; init; } = [];
}
