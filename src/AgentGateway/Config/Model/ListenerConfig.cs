namespace AgentGateway.Config.Model;

/// <summary>A listener: a protocol and an optional host name on a bind, with its routes.</summary>
public sealed record ListenerConfig
{
    /// <summary>Name used in logs and metrics. Optional; defaults to <c>listener{index}</c>.</summary>
    public string? Name { get; init; }

    /// <summary>Host name this listener answers for (exact, or <c>*.example.com</c>). Optional: any host.</summary>
    public string? Hostname { get; init; }

    /// <summary>Protocol. Default <see cref="ListenerProtocol.Http"/>.</summary>
    public ListenerProtocol Protocol { get; init; } = ListenerProtocol.Http;

    /// <summary>Routes, tried in order of specificity. At least one is required.</summary>
    public IReadOnlyList<RouteConfig> Routes { get; init; } = [];

    /// <summary>Policies applied to every route of this listener. Optional.</summary>
    public PolicyConfig? Policies { get; init; }
}
